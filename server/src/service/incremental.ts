/**
 * The per-job parse: the head (everything but the scrape_configs items, plus the last item, so the list's
 * end parses exactly as in the whole text) is one small `yaml` parse; every other job is parsed on its own,
 * by the fast path or by the `yaml` package, and kept for the next version of the document keyed by its
 * text. An edit inside one job re-parses that job only; the jobs after it keep their nodes, moved in place.
 * Anything that could make this differ from a whole-text parse (syntax errors, anchors and aliases, tabs
 * Prometheus rejects, `---`, flow-style lists) makes the caller parse the whole text instead.
 */
import { isMap, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { collectHolders, shiftHolders, splitJobs } from './chunks';
import { createFastContext, parseItemFast, type FastContext, type OffsetHolders } from './fastYaml';
import type { Job } from './model';
import { createShapeCache, type ShapeCache } from './limits';
import { LineIndex } from './ranges';
import type { Finding } from './types';

/** The findings every per-job rule reported for one job, and where the job and the head's tail were then. */
export interface CachedFindings {
  /** What the findings depend on besides the job's text: the settings, the job's index, the head. */
  readonly version: string;
  readonly index: number;
  readonly headGeneration: number;
  chunkStart: number;
  chunkEnd: number;
  suffixStart: number;
  /** By rule, in the order of the rules that have `checkJob`. */
  byRule: Finding[][];
}

/** One scrape_configs item: its parse, kept across versions while its text is unchanged. */
export interface JobSlot {
  readonly text: string;
  /** Where the item's first line starts now. */
  start: number;
  readonly node: Node;
  readonly holders: OffsetHolders;
  /** The Job built from `node`, for the index it was built with. */
  job?: Job;
  findings?: CachedFindings;
  /** Starts of the lines after the first, relative to `start`; made once per slot, for the line index. */
  lineStarts?: number[];
  /** Secrets in the item's text and values (redact.ts), read once per slot. */
  secrets?: readonly string[];
  /** Generation that last used this slot (two identical jobs must not share one). */
  used: number;
}

interface Skeleton {
  readonly prefix: string;
  readonly last: string;
  readonly suffix: string;
  readonly doc: Document.Parsed;
  readonly seq: YAMLSeq;
  readonly holders: OffsetHolders;
  readonly slot: JobSlot;
}

/** What one document's versions share. */
export interface IncrementalState {
  fast?: FastContext;
  chunks: Map<string, JobSlot[]>;
  skeleton?: Skeleton;
  generation: number;
  /** Changes whenever the head (outside the jobs) changes: per-job findings depend on it. */
  headGeneration: number;
  /** The input guard's scan, piece by piece (limits.ts). */
  readonly shape: ShapeCache;
}

export interface JobChunks {
  readonly state: IncrementalState;
  /** One slot per scrape_configs item, in order. */
  readonly slots: readonly JobSlot[];
  readonly suffixStart: number;
  readonly headGeneration: number;
}

export const PARSE_OPTIONS = {
  keepSourceTokens: true,
  // yaml.v2 is YAML 1.1: `yes`/`on` are booleans and `<<` merge keys work.
  version: '1.1',
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  strict: false,
} as const;

let headGenerations = 0;

function newSlot(text: string, start: number, node: Node, holders: OffsetHolders): JobSlot {
  return { text, start, node, holders, used: 0 };
}

/** Parses one item that is not the last with the `yaml` package, in a context that ends it as the whole text would. */
function parseItemWithYaml(text: string, start: number, end: number, indent: number): { node: Node; holders: OffsetHolders } | undefined {
  const lead = 's:\n';
  // The next item's dash, so trailing comments end where they would in the whole text.
  const source = lead + text.slice(start, end) + ' '.repeat(indent) + '-\n';
  const docs = parseAllDocuments(source, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length > 0) return undefined;
  const root = docs[0].contents;
  if (!isMap(root) || root.items.length !== 1) return undefined;
  const seq = root.items[0].value;
  if (!isSeq(seq) || seq.items.length !== 2) return undefined;
  const node = seq.items[0] as Node | null;
  if (!node || typeof node !== 'object') return undefined;
  const holders = collectHolders([node]);
  if (holders.anchorsOrAliases) return undefined;
  shiftHolders(holders, start - lead.length);
  return { node, holders };
}

function parseSkeleton(text: string, prefixEnd: number, last: { start: number; end: number }, suffixStart: number): Skeleton | undefined {
  const prefix = text.slice(0, prefixEnd);
  const lastText = text.slice(last.start, last.end);
  const suffix = text.slice(suffixStart);
  const docs = parseAllDocuments(prefix + lastText + suffix, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length > 0) return undefined;
  const doc = docs[0];
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const pair = (root as YAMLMap).items.find((p) => (p.key as { value?: unknown } | null)?.value === 'scrape_configs');
  const seq = pair?.value;
  if (!isSeq(seq) || seq.items.length !== 1) return undefined;
  const item = seq.items[0] as Node | null;
  if (!item || typeof item !== 'object') return undefined;
  const itemHolders = collectHolders([item]);
  if (itemHolders.anchorsOrAliases) return undefined;
  const holders = collectHolders([root]);
  // Anchors and aliases in the head are checked by the whole-text path (aliases.ts), as anywhere else.
  if (holders.anchorsOrAliases) return undefined;
  holders.ranges.push(doc.range as [number, number, number]);
  // Skeleton offsets past the prefix belong to the last item and what follows it.
  shiftHolders(holders, last.start - prefixEnd, prefixEnd);
  const slot = newSlot(lastText, last.start, item, itemHolders);
  return { prefix, last: lastText, suffix, doc, seq, holders, slot };
}

export interface ChunkedParse {
  readonly yaml: Document.Parsed;
  readonly chunks: JobChunks;
}

/**
 * Parses `text` job by job, reusing what `state` kept from an earlier version. Undefined when the text must
 * be parsed whole. Moves the reused nodes: a model built on an earlier version must not be used afterwards.
 */
export function parseByJob(text: string, state: IncrementalState): ChunkedParse | undefined {
  const layout = splitJobs(text);
  if (!layout) return undefined;
  const { items, prefixEnd, suffixStart, itemIndent } = layout;
  const last = items[items.length - 1];
  const generation = ++state.generation;

  let skeleton = state.skeleton;
  const prefixSame = skeleton !== undefined && skeleton.prefix.length === prefixEnd && text.startsWith(skeleton.prefix);
  const suffixSame = skeleton !== undefined && skeleton.suffix.length === text.length - suffixStart && text.endsWith(skeleton.suffix);
  if (skeleton && prefixSame && suffixSame && skeleton.last.length === last.end - last.start && text.startsWith(skeleton.last, last.start)) {
    shiftHolders(skeleton.holders, last.start - skeleton.slot.start, skeleton.slot.start);
    skeleton.slot.start = last.start;
  } else {
    skeleton = parseSkeleton(text, prefixEnd, last, suffixStart);
    if (!skeleton) return undefined;
    if (!(prefixSame && suffixSame)) state.headGeneration = ++headGenerations;
    state.skeleton = skeleton;
  }
  if (!state.fast) state.fast = createFastContext(skeleton.doc);

  const chunks = new Map<string, JobSlot[]>();
  const slots: JobSlot[] = [];
  for (let i = 0; i < items.length - 1; i++) {
    const { start, end } = items[i];
    const chunkText = text.slice(start, end);
    let slot = state.chunks.get(chunkText)?.find((s) => s.used !== generation);
    if (slot) {
      if (slot.start !== start) {
        shiftHolders(slot.holders, start - slot.start);
        slot.start = start;
      }
    } else {
      const parsed = parseItemFast(text, start, end, end + itemIndent, state.fast) ?? parseItemWithYaml(text, start, end, itemIndent);
      if (!parsed) return undefined;
      slot = newSlot(chunkText, start, parsed.node, parsed.holders);
    }
    slot.used = generation;
    slots.push(slot);
    const same = chunks.get(chunkText);
    if (same) same.push(slot);
    else chunks.set(chunkText, [slot]);
  }
  slots.push(skeleton.slot);
  state.chunks = chunks;

  const seq = skeleton.seq;
  seq.items = slots.map((s) => s.node);
  if (seq.range) seq.range[0] = items[0].start + itemIndent;
  return { yaml: skeleton.doc, chunks: { state, slots, suffixStart, headGeneration: state.headGeneration } };
}

/**
 * The line starts of `text` from its chunks: the slots keep theirs, so only the head is scanned. The text has
 * `\n` line breaks only (splitJobs refuses others).
 */
export function lineStartsOf(text: string, chunks: JobChunks): number[] {
  const starts = [0];
  const slots = chunks.slots;
  LineIndex.pushLineStarts(text, 0, slots[0].start, 0, starts);
  for (const slot of slots) {
    if (!slot.lineStarts) {
      slot.lineStarts = [];
      LineIndex.pushLineStarts(slot.text, 0, slot.text.length, 0, slot.lineStarts);
    }
    const base = slot.start;
    for (const r of slot.lineStarts) starts.push(base + r);
  }
  LineIndex.pushLineStarts(text, chunks.suffixStart, text.length, 0, starts);
  return starts;
}

export function createIncrementalState(): IncrementalState {
  return { chunks: new Map(), generation: 0, headGeneration: ++headGenerations, shape: createShapeCache() };
}
