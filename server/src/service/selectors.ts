/**
 * The `match[]` selectors of federation jobs, checked once per selector scalar: what /federate would make of each
 * (through promql.ts) with its offsets in the document, and a normal form the overlap rules compare.
 * The only place that reads `checkSelector` and `scalarOffsetMapper`.
 */
import type { ConfigModel, Job, SelectorRef } from './model';
import { MemoKey, spanOf } from './model';
import { checkSelector } from './promql';
import { scalarOffsetMapper } from './scalarOffsets';
import type { PromVersion, Span } from './types';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
  /** Where the matcher is written in the document, when the checker reported it. */
  readonly span?: Span;
}

export interface AnalyzedSelector {
  readonly job: Job;
  readonly ref: SelectorRef;
  /** The scalar, quotes included. */
  readonly span: Span;
  /** Prometheus' parse errors, mapped into the document. */
  readonly errors: readonly (Span & { readonly message: string })[];
  readonly metricName?: string;
  /** The matchers written inside the braces. */
  readonly matchers: readonly Matcher[];
}

interface Memo {
  readonly version: PromVersion;
  readonly value: string;
  /** Where the scalar started when `sel` was made: a job moved since gets `sel` shifted, not re-checked. */
  start: number;
  sel: AnalyzedSelector;
  /** normalizeMatchers(sel), once a rule asked: offset-free, so a shifted `sel` keeps it. */
  norm?: readonly Matcher[];
}

/**
 * Analyses per job, by the selector's place in `match[]`: a job whose text did not change keeps its nodes across
 * versions, and with them its selectors' analyses (the checker is by far the costliest part of the federation rules).
 */
const ANALYSES = new MemoKey<(Memo | undefined)[]>('selector analyses');

function shiftSpan<T extends Span>(s: T, delta: number): T {
  return { ...s, start: s.start + delta, end: s.end + delta };
}

/** Whether a matcher of the checker's is one written inside the braces, not the bare metric name in front of them. */
function writtenInside(m: { readonly source: string }): boolean {
  return m.source !== 'metricName';
}

/** Checks one selector of a job and maps what the checker found into the document. */
function analyzeFresh(job: Job, ref: SelectorRef, version: PromVersion): AnalyzedSelector {
  const span = spanOf(ref.node);
  const toDoc = scalarOffsetMapper(ref.node);
  const result = checkSelector(ref.value, version);
  const clampSpan = (start: number, end: number): Span => {
    const s = Math.max(span.start, Math.min(toDoc(start), span.end));
    const e = Math.max(s, Math.min(toDoc(end), span.end));
    // A zero-width error (unexpected end of input) points at the next character: the closing quote, if any.
    if (e > s) return { start: s, end: e };
    return s < span.end ? { start: s, end: s + 1 } : s > span.start ? { start: s - 1, end: s } : span;
  };
  const errors = result.errors.map((e) => ({ ...clampSpan(e.start, e.end), message: e.message }));
  const matchers: Matcher[] = [];
  for (const m of result.matchers) {
    if (!writtenInside(m)) continue;
    matchers.push({ name: m.name, op: m.op, value: m.value, span: clampSpan(m.nameStart, m.valueEnd) });
  }
  return { job, ref, span, errors, matchers, ...(result.metricName !== undefined ? { metricName: result.metricName } : {}) };
}

/** Checks one selector of a job (once per scalar node and version) and maps what the checker found into the document. */
export function analyzeSelector(_model: ConfigModel, job: Job, ref: SelectorRef, version: PromVersion): AnalyzedSelector {
  const start = ref.node.range?.[0] ?? 0;
  const memos = job.memo.get(ANALYSES) ?? job.memo.set(ANALYSES, []);
  const m = memos[ref.index];
  if (!m || m.version !== version || m.value !== ref.value) {
    const sel = analyzeFresh(job, ref, version);
    memos[ref.index] = { version, value: ref.value, start, sel };
    return sel;
  }
  const delta = start - m.start;
  if (delta !== 0 || m.sel.job !== job || m.sel.ref !== ref) {
    const old = m.sel;
    m.sel = {
      job,
      ref,
      span: spanOf(ref.node),
      errors: delta ? old.errors.map((e) => shiftSpan(e, delta)) : old.errors,
      matchers: delta ? old.matchers.map((x) => (x.span ? { ...x, span: shiftSpan(x.span, delta) } : x)) : old.matchers,
      ...(old.metricName !== undefined ? { metricName: old.metricName } : {}),
    };
    m.start = start;
  }
  return m.sel;
}

/** The selectors of one federation job, checked (see analyzeSelector); empty for other jobs. */
export function jobSelectors(model: ConfigModel, job: Job, version: PromVersion): AnalyzedSelector[] {
  if (!job.isFederation) return [];
  return job.selectors.map((ref) => analyzeSelector(model, job, ref, version));
}

/** Every selector of every federation job. */
export function federationSelectors(model: ConfigModel, version: PromVersion): readonly AnalyzedSelector[] {
  return model.jobs.flatMap((job) => jobSelectors(model, job, version));
}

// ---- regexes as Prometheus runs them: fully anchored RE2 (model/labels/regexp.go) ----

const META = /[.^$*+?()[\]{}|\\]/;
const MATCH_ALL = new Set(['.*', '.*?', '(.*)', '(?:.*)', '(?s:.*)', '(?s).*']);
const MATCH_PRESENT = new Set(['.+', '.+?', '(.+)', '(?:.+)', '(?s:.+)', '(?s).+']);
const regexCache = new Map<string, RegExp | null>();

/**
 * The value with a leading `^` (after any leading flags group such as `(?i)`) and a trailing unescaped `$` removed
 * (Prometheus anchors regexes itself).
 */
export function stripAnchors(value: string): string {
  let v = value;
  const flags = v.startsWith('(?') ? (/^\(\?[a-zA-Z]+\)/.exec(v)?.[0] ?? '') : '';
  if (v.startsWith('^', flags.length)) v = flags + v.slice(flags.length + 1);
  if (v.endsWith('$')) {
    const backslashes = /\\*$/.exec(v.slice(0, -1))?.[0].length ?? 0;
    if (backslashes % 2 === 0) v = v.slice(0, -1);
  }
  return v;
}

/** True when the regex has anchors Prometheus adds anyway. Multi-line mode changes what they mean: left alone. */
export function hasRedundantAnchors(value: string): boolean {
  return !/\(\?[a-zA-Z]*m/.test(value) && stripAnchors(value) !== value;
}

export function hasRegexMeta(value: string): boolean {
  return META.test(value);
}

/** The regex compiled as Prometheus anchors it; undefined when JavaScript cannot run it as RE2 would. */
export function anchoredRegex(value: string): RegExp | undefined {
  let cached = regexCache.get(value);
  if (cached === undefined) {
    let source = value;
    let flags = 's';
    const inline = /^\(\?([is]+)\)/.exec(source);
    if (inline) {
      source = source.slice(inline[0].length);
      if (inline[1].includes('i')) flags += 'i';
    }
    try {
      cached = new RegExp(`^(?:${source})$`, flags);
    } catch {
      cached = null;
    }
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(value, cached);
  }
  return cached ?? undefined;
}

/** normalizeMatchers of an analysed selector, made once for all the rules that compare it. */
export function normalizedMatchers(sel: AnalyzedSelector): readonly Matcher[] {
  const m = sel.job.memo.get(ANALYSES)?.[sel.ref.index];
  if (!m || m.sel !== sel) return normalizeMatchers(sel);
  return (m.norm ??= normalizeMatchers(sel));
}

/**
 * normalizeMatchers of a selector given by its text, as analyzeSelector and normalizedMatchers make them of the
 * selector's scalar (offsets play no part in them).
 */
export function selectorTextMatchers(text: string, version: PromVersion): Matcher[] {
  const result = checkSelector(text, version);
  return normalizeMatchers({ metricName: result.metricName, matchers: result.matchers.filter(writtenInside) });
}

/** Matchers in a normal form: the metric name as `__name__=`, anchors stripped, `=~` without metacharacters as `=`. */
export function normalizeMatchers(sel: Pick<AnalyzedSelector, 'metricName' | 'matchers'>): Matcher[] {
  const out: Matcher[] = [];
  if (sel.metricName !== undefined) out.push({ name: '__name__', op: '=', value: sel.metricName });
  for (const m of sel.matchers) {
    if (m.op === '=~' || m.op === '!~') {
      const value = stripAnchors(m.value);
      if (!hasRegexMeta(value)) out.push({ name: m.name, op: m.op === '=~' ? '=' : '!=', value });
      else out.push({ name: m.name, op: m.op, value });
    } else out.push({ name: m.name, op: m.op, value: m.value });
  }
  return out;
}

export function matcherKey(m: Matcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}

/** A canonical text for a set of normalized matchers, given by their matcherKeys: equal texts select the same series. */
export function canonicalSelector(keys: ReadonlySet<string>): string {
  return [...keys].sort().join(',');
}

/** Whether the matcher accepts a label value ('' stands for an absent label); undefined when unknown. */
export function matcherAccepts(m: Matcher, value: string): boolean | undefined {
  switch (m.op) {
    case '=':
      return m.value === value;
    case '!=':
      return m.value !== value;
    default: {
      const re = anchoredRegex(m.value);
      if (!re) return undefined;
      return m.op === '=~' ? re.test(value) : !re.test(value);
    }
  }
}

/**
 * Whether every matcher accepts an absent label (matcherAccepts(m, '') === true for each). Matchers that surely
 * refuse it are looked for first, so a regex is compiled only when nothing cheaper decides.
 */
export function allAcceptEmpty(matchers: readonly Matcher[]): boolean {
  for (const m of matchers) {
    if (m.op === '=' ? m.value !== '' : m.op === '!=' ? m.value === '' : m.op === '=~' && needsCharacter(m.value)) return false;
  }
  return matchers.every((m) => matcherAccepts(m, '') === true);
}

/**
 * True when the anchored regex (anchoredRegex) cannot match '' or does not compile: the value starts with a letter,
 * digit, `_` or `:` that no quantifier makes optional, and has no `|` or `)`, so nothing can end the group around
 * it early or offer an alternative.
 */
function needsCharacter(value: string): boolean {
  return /^[\w:](?![*?{])/.test(value) && !value.includes('|') && !value.includes(')');
}

/** `=~".*"`: accepts every value, absent included. */
export function matchesAll(m: Matcher): boolean {
  return m.op === '=~' && MATCH_ALL.has(m.value);
}

/** `!~".*"`: accepts no value at all. */
export function matchesNone(m: Matcher): boolean {
  return m.op === '!~' && MATCH_ALL.has(m.value);
}

/** Accepts any value as long as the label is present (`=~".+"`, `!=""`, `!~""`). */
export function matchesPresent(m: Matcher): boolean {
  return (m.op === '=~' && MATCH_PRESENT.has(m.value)) || ((m.op === '!=' || m.op === '!~') && m.value === '');
}

const LEGACY_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Writes a selector back as PromQL: `name{label="v",...}`, quoting names that need it (3.x). */
export function formatSelector(metricName: string | undefined, matchers: readonly Matcher[]): string {
  const parts = matchers.map((m) => `${LEGACY_LABEL.test(m.name) ? m.name : quote(m.name)}${m.op}${quote(m.value)}`);
  if (metricName !== undefined && LEGACY_NAME.test(metricName)) return parts.length ? `${metricName}{${parts.join(', ')}}` : metricName;
  if (metricName !== undefined) parts.unshift(quote(metricName));
  return `{${parts.join(', ')}}`;
}

/** The scalar's source text for a new selector value, in the quoting style the scalar already uses. */
export function requote(text: string, span: Span, value: string): string {
  const q = text[span.start];
  if (q === '"') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  if (q === "'" || /^[{[&*!|>'"%@`#,]|: | #|^[-?:](\s|$)/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return value;
}
