/**
 * Hovers: analyse what is under the cursor (pure), then render it as markdown (pure). Nothing here fetches;
 * a live /federate preview plugs in between the two steps elsewhere.
 */
import { type Node, type YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq } from './nodeKinds';
import type { Hover } from 'vscode-languageserver-types';
import { effectiveGlobal, effectiveJob, type EffectiveValue } from './effective';
import { entriesOf, itemIndexAt, resolve, spanOf, type ConfigModel, type Entry, type Job } from './model';
import { ROOT_SCHEMA, knownField } from './schema';
import type { BlockSchema, FieldSchema, ValueType } from './schema/types';
import { analyzeSelector, type Matcher } from './selectors';
import type { PromVersion, Span } from './types';
import { formatDuration } from './values';

/** Where the cursor is in terms of the schema: the block it is in, and the key it is on (or in the value of). */
export interface SchemaPosition {
  /** Keys from the root, list items as their index: `['scrape_configs', '0', 'honor_labels']`. */
  readonly path: readonly string[];
  /** The block whose key (or its value) is under the cursor. */
  readonly block: BlockSchema;
  readonly key?: string;
  readonly field?: FieldSchema;
  readonly keySpan?: Span;
  /** True on the key itself, false in its value. */
  readonly onKey: boolean;
  /** The scrape_configs item the cursor is in, if any. */
  readonly jobIndex?: number;
  /** The value node under the key, when the cursor is in it. */
  readonly value?: Node | null;
}

function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

function nodeEnd(node: Node | null | undefined): number | undefined {
  return node?.range ? node.range[1] : undefined;
}

/** Walks from ROOT_SCHEMA along the keys of the document to the block under `offset`. */
export function schemaPathAt(model: ConfigModel, offset: number, version: PromVersion): SchemaPosition | undefined {
  const doc = model.document.yaml;
  let node: Node | null = model.root;
  let block: BlockSchema = ROOT_SCHEMA;
  const path: string[] = [];
  let jobIndex: number | undefined;
  for (let depth = 0; depth < 64 && isMap(node); depth++) {
    const map: YAMLMap = node;
    const entry: Entry | undefined = entriesOf(map, doc).find((e) => {
      if (e.merged) return false;
      const keySpan = spanOf(e.keyNode);
      // The written value (an alias, not what it points to) ends the entry.
      const end = nodeEnd(e.pair.value as Node | null) ?? keySpan.end;
      return offset >= keySpan.start && offset <= Math.max(keySpan.end, end);
    });
    if (!entry) return { path, block, onKey: false, ...(jobIndex !== undefined ? { jobIndex } : {}) };
    const key = entry.key;
    const field = knownField(block, key, version);
    const keySpan = spanOf(entry.keyNode);
    const base = { path: [...path, key], block, key, keySpan, ...(field ? { field } : {}), ...(jobIndex !== undefined ? { jobIndex } : {}) };
    if (contains(keySpan, offset)) return { ...base, onKey: true };
    const type: ValueType | undefined = field?.type;
    const value: Node | null = entry.value;
    if (type?.kind === 'block' && isMap(value)) {
      path.push(key);
      block = type.block;
      node = value;
      continue;
    }
    if (type?.kind === 'list' && type.of.kind === 'block' && isSeq(value)) {
      const index = itemIndexAt(model, value, offset);
      const item = index >= 0 ? resolve(value.items[index], doc) : null;
      if (!isMap(item)) return { ...base, onKey: false, value };
      if (block === ROOT_SCHEMA && key === 'scrape_configs') jobIndex = index;
      path.push(key, String(index));
      block = type.of.block;
      node = item;
      continue;
    }
    return { ...base, onKey: false, value };
  }
  return undefined;
}

export interface TimesInfo {
  readonly scope: 'job' | 'global';
  readonly jobName?: string;
  readonly interval: EffectiveValue;
  readonly timeout: EffectiveValue;
}

export interface SelectorInfo {
  readonly value: string;
  readonly errors: readonly string[];
  readonly metricName?: string;
  readonly matchers: readonly Matcher[];
}

/** What is under the cursor, ready to render. */
export interface HoverAnalysis {
  readonly span: Span;
  readonly field?: { readonly name: string; readonly schema: FieldSchema; readonly block: BlockSchema };
  readonly times?: TimesInfo;
  readonly selector?: SelectorInfo;
}

const TIME_KEYS = new Set(['scrape_interval', 'scrape_timeout', 'job_name']);

function selectorAt(model: ConfigModel, offset: number, version: PromVersion): { job: Job; info: SelectorInfo; span: Span } | undefined {
  for (const job of model.jobs) {
    if (!job.isFederation || !contains(job.span, offset)) continue;
    for (const ref of job.selectors) {
      const span = spanOf(ref.node);
      if (!contains(span, offset)) continue;
      const sel = analyzeSelector(model, job, ref, version);
      return {
        job,
        span,
        info: { value: ref.value, errors: sel.errors.map((e) => e.message), matchers: sel.matchers, ...(sel.metricName !== undefined ? { metricName: sel.metricName } : {}) },
      };
    }
  }
  return undefined;
}

/** Analyses the position: the key's schema, effective scrape times, or a match[] selector. */
export function analyzeHover(model: ConfigModel, offset: number, version: PromVersion): HoverAnalysis | undefined {
  const selector = selectorAt(model, offset, version);
  if (selector) return { span: selector.span, selector: selector.info };
  const pos = schemaPathAt(model, offset, version);
  if (!pos?.key || !pos.keySpan) return undefined;
  const valueSpan = pos.value && isScalar(pos.value) ? spanOf(pos.value) : undefined;
  if (!pos.onKey && !valueSpan) return undefined;
  const span = pos.onKey ? pos.keySpan : (valueSpan as Span);
  const field = pos.field ? { name: pos.key, schema: pos.field, block: pos.block } : undefined;
  let times: TimesInfo | undefined;
  if (TIME_KEYS.has(pos.key)) {
    const global = effectiveGlobal(model);
    const job = pos.jobIndex !== undefined && pos.path.length === 3 ? model.jobs[pos.jobIndex] : undefined;
    if (job) {
      const t = effectiveJob(job, global);
      times = { scope: 'job', ...(job.name !== undefined ? { jobName: job.name } : {}), interval: t.interval, timeout: t.timeout };
    } else if (pos.path.length === 2 && pos.path[0] === 'global' && pos.key !== 'job_name') {
      times = { scope: 'global', interval: global.interval, timeout: global.timeout };
    }
  }
  if (!field && !times) return undefined;
  return { span, ...(field ? { field } : {}), ...(times ? { times } : {}) };
}

// ---- rendering ----

function code(text: string): string {
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${text}${fence.split('').reverse().join('')}`;
}

function typeName(type: ValueType): string {
  switch (type.kind) {
    case 'list':
      return `list of ${typeName(type.of)}`;
    case 'map':
      return `map of ${typeName(type.of)}`;
    case 'block':
      return type.block.title;
    case 'enum':
      return type.values.map((v) => code(v)).join(' | ');
    case 'secret':
      return 'secret string';
    default:
      return type.kind;
  }
}

/** The documentation of one key: for hovers and completion items. */
export function renderField(name: string, field: FieldSchema): string {
  const facts = [typeName(field.type)];
  if (field.default !== undefined) facts.push(`default ${code(field.default)}`);
  if (field.since) facts.push(`since ${field.since}`);
  if (field.removedIn) facts.push(`removed in ${field.removedIn}`);
  const lines = [`**${name}** (${facts.join(', ')})`, '', field.doc];
  if (field.deprecated) lines.push('', `*Deprecated:* ${field.deprecated}`);
  return lines.join('\n');
}

const SOURCE_WORDS: Record<EffectiveValue['source'], string> = {
  job: 'set in this job',
  global: 'from `global`',
  default: "Prometheus' default",
  'min-rule': 'the interval: a timeout longer than the interval is cut down to it',
};

function renderTimes(t: TimesInfo): string {
  const who = t.scope === 'job' ? `Job ${code(t.jobName ?? '')} scrapes` : 'Jobs without their own settings scrape';
  return [
    `${who} every **${formatDuration(t.interval.ms)}** (${SOURCE_WORDS[t.interval.source]}),`,
    `with a timeout of **${formatDuration(t.timeout.ms)}** (${SOURCE_WORDS[t.timeout.source]}).`,
  ].join('\n');
}

function describeMatcher(m: Matcher): string {
  const label = m.name === '__name__' ? 'whose name' : `whose label ${code(m.name)}`;
  switch (m.op) {
    case '=':
      return m.value === '' ? (m.name === '__name__' ? 'with no name' : `without a label ${code(m.name)}`) : `${label} is ${code(m.value)}`;
    case '!=':
      return m.value === '' ? (m.name === '__name__' ? 'with a name' : `with a label ${code(m.name)}`) : `${label} is not ${code(m.value)}`;
    case '=~':
      return `${label} matches the regex ${code(m.value)} in full`;
    case '!~':
      return `${label} does not match the regex ${code(m.value)}`;
  }
}

/** A selector in plain words: "series named `up` whose label `env` is not `dev`". */
export function describeSelector(metricName: string | undefined, matchers: readonly Matcher[]): string {
  if (metricName === undefined && matchers.length === 0) return 'no series at all (an empty selector)';
  const parts = matchers.map(describeMatcher);
  const head = metricName !== undefined ? `series named ${code(metricName)}` : 'series';
  if (parts.length === 0) return head;
  return `${head} ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`}`;
}

function renderSelector(s: SelectorInfo): string {
  if (s.errors.length > 0) {
    return [`**/federate rejects this selector** (400 Bad Request, the whole scrape fails):`, '', ...s.errors.map((e) => `- ${code(e)}`)].join('\n');
  }
  const words = describeSelector(s.metricName, s.matchers);
  return `Federates ${words}.`;
}

export function renderHover(analysis: HoverAnalysis): string {
  const sections: string[] = [];
  if (analysis.selector) sections.push(renderSelector(analysis.selector));
  if (analysis.field) sections.push(renderField(analysis.field.name, analysis.field.schema));
  if (analysis.times) sections.push(renderTimes(analysis.times));
  return sections.join('\n\n---\n\n');
}

/** The LSP hover at `offset`, or null when there is nothing to say. */
export function hoverAt(model: ConfigModel, offset: number, version: PromVersion): Hover | null {
  const analysis = analyzeHover(model, offset, version);
  if (!analysis) return null;
  return { contents: { kind: 'markdown', value: renderHover(analysis) }, range: model.document.lines.range(analysis.span.start, analysis.span.end) };
}
