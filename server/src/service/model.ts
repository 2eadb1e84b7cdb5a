/**
 * A typed view of a parsed prometheus.yml: the root mapping, `global`, the scrape jobs and their `match[]`
 * selectors, every piece with its node (and so its offsets). Built once per document version.
 */
import { type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from './nodeKinds';
import { resolveAlias } from './aliases';
import type { ConfigDocument } from './document';
import type { Span } from './types';
import { slotIndexAt, type JobSlot } from './incremental';

/** One key of a mapping, with merge keys (`<<: *base`) resolved. */
export interface Entry {
  readonly key: string;
  readonly keyNode: Scalar;
  /** The value with aliases resolved; null for `key:` with nothing after it. */
  readonly value: Node | null;
  readonly pair: Pair;
  /** True when the key comes from a merged mapping rather than this one. */
  readonly merged: boolean;
}

export interface SelectorRef {
  /** The decoded selector string. */
  readonly value: string;
  readonly node: Scalar;
  /** Index in the `match[]` list. */
  readonly index: number;
}

/** One kind of value derived from a job's nodes and kept in its JobMemo; the key object is its identity. */
export class MemoKey<T> {
  declare private readonly valueType: T;
  constructor(readonly name: string) {}
}

/**
 * What rules and services derive from one job's nodes (its selectors' analyses, its targets), made on first use
 * and kept exactly as long as the job's parse: a job kept across versions keeps it, withIndex shares it.
 * Kept on the job, not in a WeakMap keyed by its nodes: V8 keeps a WeakMap's values through every young-generation
 * collection, so a job checked and dropped (checkOnce) would be copied and promoted instead of dying young.
 */
export class JobMemo {
  private values: Map<MemoKey<unknown>, unknown> | undefined;
  get<T>(key: MemoKey<T>): T | undefined {
    return this.values?.get(key) as T | undefined;
  }
  set<T>(key: MemoKey<T>, value: T): T {
    (this.values ??= new Map()).set(key, value);
    return value;
  }
}

export interface Job {
  readonly index: number;
  /** The list item; null for an empty `- ` item. */
  readonly node: YAMLMap | null;
  /** The item's span, `- ` excluded. */
  readonly span: Span;
  readonly entries: readonly Entry[];
  readonly name: string | undefined;
  readonly nameEntry: Entry | undefined;
  readonly metricsPath: string | undefined;
  /** `metrics_path` is `/federate` or ends in `/federate`. */
  readonly isFederation: boolean;
  /** The `match[]` values that are strings; other values are reported by type rules. */
  readonly selectors: readonly SelectorRef[];
  /** Values derived from the job's nodes (see JobMemo). */
  readonly memo: JobMemo;
  /** Where a finding about the whole job points: the job_name value, else its key, else the item's first character. */
  readonly anchor: Span;
  get(key: string): Entry | undefined;
}

export interface ConfigModel {
  readonly document: ConfigDocument;
  /** Root mapping; null when the document is empty or not a mapping. */
  readonly root: YAMLMap | null;
  readonly rootEntries: readonly Entry[];
  readonly global: Entry | undefined;
  readonly scrapeConfigs: Entry | undefined;
  readonly jobs: readonly Job[];
}

const MERGE_KEY = '<<';

export function resolve(node: unknown, doc: Document.Parsed | null): Node | null {
  let current = node as Node | null | undefined;
  for (let hops = 0; current && isAlias(current) && hops < 64; hops++) {
    // Hardening: resolveAlias looks the anchor up in a per-document table; Alias.resolve walks the whole
    // document on every call, which made a file of n aliases cost n² (minutes for 64 KB).
    current = doc ? resolveAlias(current, doc) : undefined;
  }
  return (current ?? null) as Node | null;
}

/** The text of a scalar key; undefined for complex keys. */
export function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const value = key.value;
  if (typeof value === 'string') return value;
  // With merge keys on, the `yaml` package gives `<<` a symbol value.
  if (typeof value === 'symbol') return MERGE_KEY;
  return value === null ? '' : String(value);
}

export function spanOf(node: Node | null | undefined, fallback?: Span): Span {
  // One read: a node of the fast parser makes its range array when asked (fastYaml.ts).
  const range = node?.range;
  if (!range) return fallback ?? { start: 0, end: 0 };
  return { start: range[0], end: Math.max(range[0], range[1]) };
}

/** The entries of a mapping in source order, merge keys expanded (own keys win, as in yaml.v2). */
export function entriesOf(map: YAMLMap, doc: Document.Parsed | null, depth = 0): Entry[] {
  const own: Entry[] = [];
  const merged: Entry[] = [];
  for (const pair of map.items as Pair[]) {
    const key = keyText(pair.key);
    if (key === undefined || !isScalar(pair.key)) continue;
    if (key === MERGE_KEY && depth < 16) {
      const value = resolve(pair.value, doc);
      const sources = isSeq(value) ? value.items.map((v) => resolve(v, doc)) : [value];
      for (const source of sources) {
        if (isMap(source)) for (const e of entriesOf(source, doc, depth + 1)) merged.push({ ...e, merged: true });
      }
      continue;
    }
    own.push({ key, keyNode: pair.key, value: resolve(pair.value, doc), pair, merged: false });
  }
  if (merged.length === 0) return own;
  const ownKeys = new Set(own.map((e) => e.key));
  const seen = new Set<string>();
  const extra = merged.filter((e) => !ownKeys.has(e.key) && !seen.has(e.key) && seen.add(e.key));
  return [...own, ...extra];
}

export function findEntry(entries: readonly Entry[], key: string): Entry | undefined {
  // yaml.v2 keeps the last value of a duplicated key; the duplicate itself is an error elsewhere.
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
  return undefined;
}

export function scalarString(node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return v === null || v === undefined ? undefined : String(v);
}

/** The value of `key` in a mapping, as findEntry(entriesOf(map)) finds it, without building every entry. */
function valueOf(map: YAMLMap, key: string, doc: Document.Parsed | null): Node | null | undefined {
  const pairs = map.items as Pair[];
  // Own keys win over merged ones, and the last of a repeated key wins.
  for (let i = pairs.length - 1; i >= 0; i--) if (isScalar(pairs[i].key) && keyText(pairs[i].key) === key) return resolve(pairs[i].value, doc);
  if (!pairs.some((p) => isScalar(p.key) && keyText(p.key) === MERGE_KEY)) return undefined;
  return findEntry(entriesOf(map, doc), key)?.value;
}

const NO_SELECTORS: readonly SelectorRef[] = [];

/** The string items of `params.match[]`. */
function selectorsOf(params: Node | null | undefined, doc: Document.Parsed | null): readonly SelectorRef[] {
  if (!isMap(params)) return NO_SELECTORS;
  const match = valueOf(params, 'match[]', doc);
  if (!isSeq(match)) return NO_SELECTORS;
  const selectors: SelectorRef[] = [];
  const items = match.items;
  for (let i = 0; i < items.length; i++) {
    const v = resolve(items[i], doc);
    if (isScalar(v) && typeof v.value === 'string') selectors.push({ value: v.value, node: v, index: i });
  }
  return selectors;
}

/** A job whose span follows its item's node, so a job kept across versions stays right when its node moves. */
class ModelJob implements Job {
  constructor(
    readonly index: number,
    readonly node: YAMLMap | null,
    /** The list item as written (an alias for `- *base`). */
    readonly item: Node | null,
    readonly entries: readonly Entry[],
    readonly name: string | undefined,
    readonly nameEntry: Entry | undefined,
    readonly metricsPath: string | undefined,
    readonly isFederation: boolean,
    readonly selectors: readonly SelectorRef[],
    readonly memo: JobMemo = new JobMemo(),
  ) {}
  get span(): Span {
    return spanOf(this.item);
  }
  get anchor(): Span {
    const value = this.nameEntry?.value;
    if (value && value.range) return spanOf(value);
    if (this.nameEntry) return spanOf(this.nameEntry.keyNode);
    const span = this.span;
    return { start: span.start, end: Math.min(span.end, span.start + 1) };
  }
  get(key: string): Entry | undefined {
    return findEntry(this.entries, key);
  }
  withIndex(index: number): ModelJob {
    return new ModelJob(index, this.node, this.item, this.entries, this.name, this.nameEntry, this.metricsPath, this.isFederation, this.selectors, this.memo);
  }
}

/**
 * A job of a text parsed job by job. Its name, its metrics path and where it is are kept as data; its nodes, entries
 * and selectors are read from its slot, which may have let go of them since (incremental.ts `release`) and then
 * parses them again, so a job nobody reads holds no nodes.
 */
class SlotJob implements Job {
  constructor(
    readonly index: number,
    private readonly slot: JobSlot,
    readonly name: string | undefined,
    readonly metricsPath: string | undefined,
    readonly isFederation: boolean,
    /** The item's span and the anchor, relative to the slot's start. */
    private readonly at: { readonly from: number; readonly to: number; readonly anchorFrom: number; readonly anchorTo: number },
    private full: ModelJob | undefined,
  ) {}
  /** The job built from the slot's nodes now in memory. */
  private view(): ModelJob {
    const item = this.slot.node;
    let full = this.full;
    if (!full || full.item !== item) full = this.full = buildJob(this.index, item, null);
    return full;
  }
  get node(): YAMLMap | null {
    return this.view().node;
  }
  get entries(): readonly Entry[] {
    return this.view().entries;
  }
  get nameEntry(): Entry | undefined {
    return this.view().nameEntry;
  }
  get selectors(): readonly SelectorRef[] {
    return this.view().selectors;
  }
  get memo(): JobMemo {
    return this.view().memo;
  }
  get span(): Span {
    const base = this.slot.start;
    return { start: base + this.at.from, end: base + this.at.to };
  }
  get anchor(): Span {
    const base = this.slot.start;
    return { start: base + this.at.anchorFrom, end: base + this.at.anchorTo };
  }
  get(key: string): Entry | undefined {
    return this.view().get(key);
  }
  withIndex(index: number): SlotJob {
    return new SlotJob(index, this.slot, this.name, this.metricsPath, this.isFederation, this.at, this.full?.withIndex(index));
  }
  /** Called by the slot when it lets go of its nodes. */
  forget(): void {
    this.full = undefined;
  }
}

/** The Job of a slot's item (parsed job by job: no aliases), built from its nodes now. */
export function slotJob(index: number, slot: JobSlot): { job: Job; full: Job } {
  const full = buildJob(index, slot.node, null);
  const span = full.span;
  const anchor = full.anchor;
  const base = slot.start;
  const at = { from: span.start - base, to: span.end - base, anchorFrom: anchor.start - base, anchorTo: anchor.end - base };
  const job = new SlotJob(index, slot, full.name, full.metricsPath, full.isFederation, at, full);
  return { job, full };
}

/**
 * The index of the first item of `list` whose range holds `offset`, or -1. A job list read through its slots is not
 * scanned: only one of its items can hold `offset` (incremental.ts slotIndexAt).
 */
export function itemIndexAt(model: ConfigModel, list: YAMLSeq, offset: number): number {
  const holds = (item: unknown) => {
    const r = resolve(item, model.document.yaml)?.range;
    return r ? offset >= r[0] && offset <= r[1] : false;
  };
  const items = list.items;
  const at = slotIndexAt(items, offset);
  if (at === undefined) return items.findIndex(holds);
  return at >= 0 && holds(items[at]) ? at : -1;
}

const FEDERATE_PATH = /\/federate\/?$/;

/** `item`: the list item; its span is the job's span, its mapping (aliases resolved) the job's node. */
export function buildJob(index: number, item: Node | null, doc: Document.Parsed | null): ModelJob {
  const resolved = resolve(item, doc);
  const node = isMap(resolved) ? resolved : null;
  const entries = node ? entriesOf(node, doc) : [];
  const nameEntry = findEntry(entries, 'job_name');
  const name = scalarString(nameEntry?.value);
  const metricsPath = scalarString(findEntry(entries, 'metrics_path')?.value);
  const isFederation = metricsPath !== undefined && FEDERATE_PATH.test(metricsPath.trim());
  const selectors = selectorsOf(findEntry(entries, 'params')?.value, doc);
  return new ModelJob(index, node, item, entries, name, nameEntry, metricsPath, isFederation, selectors);
}

export function buildModel(document: ConfigDocument): ConfigModel {
  const doc = document.yaml;
  const contents = doc ? resolve(doc.contents, doc) : null;
  const root = isMap(contents) ? contents : null;
  const rootEntries = root ? entriesOf(root, doc) : [];
  const global = findEntry(rootEntries, 'global');
  const scrapeConfigs = findEntry(rootEntries, 'scrape_configs');
  const jobs: Job[] = [];
  const seq = scrapeConfigs?.value;
  const slots = document.jobChunks?.slots;
  if (slots && isSeq(seq) && seq.items.length === slots.length) {
    // Parsed job by job: a job whose text did not change keeps its Job (only its index may change).
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      let job = slot.job as SlotJob | undefined;
      if (!job) job = slotJob(i, slot).job as SlotJob;
      else if (job.index !== i) job = job.withIndex(i);
      slot.job = job;
      jobs.push(job);
    }
  } else if (isSeq(seq)) {
    const items = (seq as YAMLSeq).items;
    for (let i = 0; i < items.length; i++) jobs.push(buildJob(i, resolve(items[i], doc), doc));
  }
  return { document, root, rootEntries, global, scrapeConfigs, jobs };
}
