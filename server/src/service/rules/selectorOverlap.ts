/**
 * Two federation jobs that pull the same series from the same source: with honor_labels both copies carry
 * the same labels and timestamps, and the global Prometheus drops one as "duplicate sample for timestamp"
 * (tsdb/head_append.go, storage.ErrDuplicateSampleForTimestamp). Within one job /federate merges
 * overlapping selectors itself (web/federate.go, NewMergeSeriesSet), so only an exact repeat is worth a word.
 *
 * Cheap on thousands of jobs: each job is summarised once, jobs are indexed by target, and within a target
 * selectors are bucketed by literal metric name, so only candidates that can overlap are compared.
 */
import { type Scalar } from 'yaml';
import { isMap, isSeq } from '../nodeKinds';
import { staticTargets } from '../federation';
import type { ConfigModel, Job } from '../model';
import { entriesOf, findEntry, MemoKey, spanOf } from '../model';
import {
  anchoredRegex,
  canonicalSelector,
  jobSelectors,
  matcherAccepts,
  matcherKey,
  matchesAll,
  matchesPresent,
  normalizedMatchers,
  selectorTextMatchers,
  type AnalyzedSelector,
  type Matcher,
} from '../selectors';
import type { Finding, PromVersion, Span } from '../types';
import { factSpan, jobSpan, type CheckContext, type Rule } from './rule';

/**
 * What two selectors are compared by, and their place in `match[]`: offset-free. The canonical text and the literal
 * metric name are made when first read: most selectors are never compared, and a job's repeats are found without them
 * (matcherBits).
 */
class Comparable {
  private canonicalText: string | undefined = undefined;
  private name: string | null | undefined = undefined;

  constructor(
    readonly refIndex: number,
    readonly text: string,
    readonly norm: readonly Matcher[],
  ) {}

  /** Equal texts select the same series. One matcher (most selectors) is its own canonical text. */
  get canonical(): string {
    const norm = this.norm;
    return (this.canonicalText ??= norm.length === 1 ? matcherKey(norm[0]) : canonicalSelector(new Set(norm.map(matcherKey))));
  }

  /** The metric name when the selector fixes it with `=`. */
  get literalName(): string | undefined {
    if (this.name === undefined) {
      const names = this.norm.filter((m) => m.name === '__name__' && m.op === '=');
      this.name = names.length === 1 ? names[0].value : null;
    }
    return this.name ?? undefined;
  }
}

/** One selector, kept with its job's node across versions while the job's text is unchanged. */
class Summary extends Comparable {
  constructor(
    /** The selector's scalar; its range is read when a finding is made, so a job that moved stays right. */
    readonly node: Scalar,
    refIndex: number,
    text: string,
    norm: readonly Matcher[],
  ) {
    super(refIndex, text, norm);
  }
}

/** A job's selectors that parse and select something, and its static target addresses. */
interface JobSummary {
  readonly version: PromVersion;
  readonly selectors: readonly Summary[];
  readonly addresses: readonly string[];
}

/**
 * One selector as the rule's job facts carry it: its text and where it is written in the job. The comparable form is
 * made from the text when the job shares a target with another (comparableOf): most jobs never do, and a first check
 * of thousands of jobs would otherwise keep every selector's matchers.
 */
interface SelectorFacts {
  readonly refIndex: number;
  readonly text: string;
  readonly span: Span;
}

/** What a federation job with selectors and targets contributes to the comparison across jobs. */
interface OverlapFacts {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly selectors: readonly SelectorFacts[];
}

/** A selector of the facts, with what it is compared by. */
class FactSelector extends Comparable {
  constructor(
    readonly span: Span,
    refIndex: number,
    text: string,
    norm: readonly Matcher[],
  ) {
    super(refIndex, text, norm);
  }
}

/** A selector in one run: with its job and an id unique in the run. */
interface Candidate {
  readonly id: number;
  readonly jobIndex: number;
  readonly job: OverlapFacts;
  readonly s: FactSelector;
}

const comparables = new WeakMap<SelectorFacts, { readonly version: PromVersion; readonly s: FactSelector }>();

/**
 * A selector of the facts with what it is compared by, made from its text as jobSummary makes it from the job's
 * nodes (the facts keep only selectors that parse), once per facts and version.
 */
function comparableOf(s: SelectorFacts, version: PromVersion): FactSelector {
  const known = comparables.get(s);
  if (known?.version === version) return known.s;
  const full = new FactSelector(s.span, s.refIndex, s.text, selectorTextMatchers(s.text, version));
  comparables.set(s, { version, s: full });
  return full;
}

const SUMMARY = new MemoKey<JobSummary>('selector-overlap summary');

/** The job's summary, made once per job parse and version (the parse survives edits elsewhere in the file). */
function jobSummary(model: ConfigModel, job: Job, version: PromVersion): JobSummary {
  const cached = job.memo.get(SUMMARY);
  if (cached && cached.version === version) return cached;
  const selectors: Summary[] = [];
  for (const sel of jobSelectors(model, job, version)) {
    if (sel.errors.length > 0) continue;
    const norm = normalizedMatchers(sel);
    if (norm.length === 0) continue; // `{}` selects nothing; selector-suspicious says so
    selectors.push(new Summary(sel.ref.node, sel.ref.index, sel.ref.value.trim(), norm));
  }
  const addresses = selectors.length ? [...new Set(staticTargets(model, job).map((t) => t.address))] : [];
  return job.memo.set(SUMMARY, { version, selectors, addresses });
}

/** The literal text a regex must start with, '' when unknown (alternation, leading metacharacter). */
function literalPrefix(regex: string): string {
  if (regex.includes('|')) return '';
  const at = regex.search(/[.^$*+?()[\]{}|\\]/);
  const prefix = at < 0 ? regex : regex.slice(0, at);
  // A quantifier applies to the character before it, which is then not certain.
  return at >= 0 && /[*?{]/.test(regex[at]) ? prefix.slice(0, -1) : prefix;
}

/** True when no series can satisfy both selectors (checked conservatively: unknown means not disjoint). */
function disjoint(a: Comparable, b: Comparable): boolean {
  for (const [x, y] of [[a, b], [b, a]] as const) {
    for (const m of x.norm) {
      if (m.op !== '=') continue;
      for (const n of y.norm) if (n.name === m.name && matcherAccepts(n, m.value) === false) return true;
    }
  }
  for (const m of a.norm) {
    if (m.op !== '=~') continue;
    for (const n of b.norm) {
      if (n.name !== m.name || n.op !== '=~') continue;
      const p = literalPrefix(m.value);
      const q = literalPrefix(n.value);
      if (!p.startsWith(q) && !q.startsWith(p)) return true;
    }
  }
  return false;
}

const matcherKeys = new WeakMap<Comparable, ReadonlySet<string>>();

/** The selector's matcherKeys, made when two selectors are first compared (most never are). */
function keysOf(s: Comparable): ReadonlySet<string> {
  let keys = matcherKeys.get(s);
  if (!keys) matcherKeys.set(s, (keys = new Set(s.norm.map(matcherKey))));
  return keys;
}

function subset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const k of a) if (!b.has(k)) return false;
  return true;
}

/** Why two selectors surely select common series, or undefined when they need not. */
function overlapReason(a: Comparable, b: Comparable): string | undefined {
  if (disjoint(a, b)) return undefined;
  if (a.canonical === b.canonical) return 'the same selector';
  for (const x of [a, b]) if (x.norm.every((m) => matchesAll(m) || matchesPresent(m))) return `${x.text} selects every series`;
  if (a.literalName !== undefined && a.literalName === b.literalName) return `both select metric ${a.literalName}`;
  for (const [x, y] of [[a, b], [b, a]] as const) {
    if (x.literalName === undefined) continue;
    const regex = y.norm.find((m) => m.name === '__name__' && m.op === '=~');
    if (regex && anchoredRegex(regex.value)?.test(x.literalName)) return `the regex ${regex.value} matches metric ${x.literalName}`;
  }
  const ka = keysOf(a);
  const kb = keysOf(b);
  if (subset(ka, kb) || subset(kb, ka)) return 'every series one selects, the other selects too';
  return undefined;
}

/** What to delete to remove a list item: its line in a block list, `, item` in a flow list. */
function removalSpan(model: ConfigModel, job: Job, sel: AnalyzedSelector): Span {
  const params = job.get('params')?.value;
  const seq = isMap(params) ? findEntry(entriesOf(params, model.document.yaml), 'match[]')?.value : undefined;
  const lines = model.document.lines;
  if (isSeq(seq) && seq.flow && sel.ref.index > 0) {
    const prev = seq.items[sel.ref.index - 1] as { range?: [number, number, number] };
    if (prev?.range) return { start: prev.range[1], end: sel.span.end };
  }
  if (isSeq(seq) && !seq.flow) {
    const line = lines.lineAt(sel.span.start);
    return { start: lines.lineStart(line), end: lines.lineStart(lines.lineAt(Math.max(sel.span.start, sel.span.end - 1)) + 1) };
  }
  return sel.span;
}

/**
 * A mask of the selector's matchers, one bit per matcher chosen by its name, operator and value: selectors with equal
 * canonical texts have equal matchers (duplicates aside), so equal masks. Different masks need no canonical text.
 */
function matcherBits(norm: readonly Matcher[]): number {
  let bits = 0;
  for (const m of norm) bits |= 1 << ((m.name.length * 7 + m.value.length * 13 + m.op.charCodeAt(0) + m.op.length) & 31);
  return bits;
}

/** Whether two selectors of the list may have the same canonical text (matcherBits). */
function mayRepeat(list: readonly Comparable[]): boolean {
  const bits = list.map((s) => matcherBits(s.norm));
  for (let i = 1; i < bits.length; i++) for (let j = 0; j < i; j++) if (bits[i] === bits[j]) return true;
  return false;
}

/** selector-repeated: the same selector twice in one job. */
function repeated(model: ConfigModel, job: Job, version: PromVersion): Finding[] {
  const findings: Finding[] = [];
  const list = jobSummary(model, job, version).selectors;
  if (list.length < 2 || !mayRepeat(list)) return findings;
  let sels: Map<Scalar, AnalyzedSelector> | undefined;
  const first = new Map<string, Summary>();
  for (const s of list) {
    const earlier = first.get(s.canonical);
    if (!earlier) {
      first.set(s.canonical, s);
      continue;
    }
    sels ??= new Map(jobSelectors(model, job, version).map((sel) => [sel.ref.node, sel] as const));
    const sel = sels.get(s.node)!;
    findings.push({
      code: 'selector-repeated',
      ...sel.span,
      message: `This job already asks for ${earlier.text}; the repeat adds nothing (/federate merges the answers).`,
      related: [{ ...spanOf(earlier.node), message: 'first written here' }],
      tags: ['unnecessary'],
      data: { jobIndex: job.index, selectorIndex: s.refIndex, firstIndex: earlier.refIndex, removeSpan: removalSpan(model, job, sel) },
    });
  }
  return findings;
}

/** The job's facts for the comparison across jobs: a federation job with selectors and static targets only. */
function overlapFacts(model: ConfigModel, job: Job, version: PromVersion): OverlapFacts | undefined {
  if (!job.isFederation || job.selectors.length === 0) return undefined;
  const summary = jobSummary(model, job, version);
  if (summary.selectors.length === 0 || summary.addresses.length === 0) return undefined;
  const selectors = summary.selectors.map(({ node, refIndex, text }) => ({ refIndex, text, span: factSpan(job, spanOf(node)) }));
  return { name: job.name ?? '', addresses: summary.addresses, selectors };
}

/** selector-overlap across jobs: jobs indexed by target over their facts; only jobs on one target are compared. */
function overlaps(jobFacts: readonly (OverlapFacts | undefined)[], ctx: Pick<CheckContext, 'jobStart' | 'version'>): Finding[] {
  const byTarget = new Map<string, number[]>();
  jobFacts.forEach((facts, jobIndex) => {
    if (!facts) return;
    for (const address of facts.addresses) {
      let jobs = byTarget.get(address);
      if (!jobs) byTarget.set(address, (jobs = []));
      jobs.push(jobIndex);
    }
  });
  // Made for the jobs that share a target only; one list per job, so a pair on several targets keeps its ids.
  const perJob = new Map<number, Candidate[]>();
  let id = 0;
  const candidates = (jobIndex: number): Candidate[] => {
    let list = perJob.get(jobIndex);
    const job = jobFacts[jobIndex]!;
    if (!list) perJob.set(jobIndex, (list = job.selectors.map((s) => ({ id: id++, jobIndex, job, s: comparableOf(s, ctx.version) }))));
    return list;
  };
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const report = (a: Candidate, b: Candidate, address: string, reason: string) => {
    const key = a.id < b.id ? `${a.id}:${b.id}` : `${b.id}:${a.id}`;
    if (reported.has(key)) return;
    reported.add(key);
    for (const [x, y] of [[a, b], [b, a]] as const) {
      findings.push({
        code: 'selector-overlap',
        ...jobSpan(ctx, x.jobIndex, x.s.span),
        message:
          `Job "${y.job.name}" also federates from ${address} and its selector ${y.s.text} can pick the same series (${reason}). ` +
          'With honor_labels both jobs ingest identical series: the global Prometheus rejects the second copy as "duplicate sample for timestamp" ' +
          '(or out of order); without it the series are stored twice under two job labels.',
        related: [{ ...jobSpan(ctx, y.jobIndex, y.s.span), message: `overlapping selector in job "${y.job.name}"` }],
        data: { jobIndex: x.jobIndex, selectorIndex: x.s.refIndex, otherJobIndex: y.jobIndex, otherSelectorIndex: y.s.refIndex, target: address },
      });
    }
  };
  for (const [address, jobs] of byTarget) {
    if (jobs.length < 2) continue;
    const named = new Map<string, Candidate[]>();
    const unnamed: Candidate[] = [];
    for (const job of jobs) {
      for (const c of candidates(job)) {
        if (c.s.literalName === undefined) unnamed.push(c);
        else {
          let bucket = named.get(c.s.literalName);
          if (!bucket) named.set(c.s.literalName, (bucket = []));
          bucket.push(c);
        }
      }
    }
    const compare = (a: Candidate, b: Candidate) => {
      if (a.jobIndex === b.jobIndex) return;
      const reason = overlapReason(a.s, b.s);
      if (reason) report(a, b, address, reason);
    };
    for (const bucket of named.values()) for (let i = 0; i < bucket.length; i++) for (let j = i + 1; j < bucket.length; j++) compare(bucket[i], bucket[j]);
    for (let i = 0; i < unnamed.length; i++) {
      for (let j = i + 1; j < unnamed.length; j++) compare(unnamed[i], unnamed[j]);
      for (const bucket of named.values()) for (const s of bucket) compare(unnamed[i], s);
    }
  }
  return findings;
}

/**
 * The pairs of one job's selectors that surely select common series, by the test applied across jobs, as
 * [selectorIndex, selectorIndex, reason]. Within the job /federate merges them; in two jobs both would ingest the
 * common series, so a split keeps each pair together.
 */
export function overlappingSelectorPairs(model: ConfigModel, job: Job, version: PromVersion): [number, number, string][] {
  const list = jobSummary(model, job, version).selectors;
  const pairs: [number, number, string][] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const reason = overlapReason(list[i], list[j]);
      if (reason) pairs.push([list[i].refIndex, list[j].refIndex, reason]);
    }
  }
  return pairs;
}

export function selectorOverlapFindings(model: ConfigModel, version: PromVersion): Finding[] {
  return [...model.jobs.flatMap((job) => repeated(model, job, version)), ...overlaps(model.jobs.map((job) => overlapFacts(model, job, version)), { version, jobStart: (i) => model.jobs[i].span.start })];
}

export const selectorOverlapRule: Rule = {
  meta: [
    { code: 'selector-overlap', severity: 'warning', title: 'Two /federate jobs on the same target whose selectors select the same series' },
    { code: 'selector-repeated', severity: 'warning', title: 'The same match[] selector twice in one job' },
  ],
  // selector-repeated is the job's own; selector-overlap compares jobs, on their facts.
  jobFacts: (job, ctx) => overlapFacts(ctx.model, job, ctx.version),
  check: (_model, ctx) => overlaps(ctx.jobFacts as readonly (OverlapFacts | undefined)[], ctx),
  checkJob: (job, ctx) => repeated(ctx.model, job, ctx.version),
};
