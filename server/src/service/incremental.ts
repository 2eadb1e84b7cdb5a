/**
 * The per-job parse: the head (everything but the scrape_configs items, plus the last item, so the list's
 * end parses exactly as in the whole text) is one small `yaml` parse; every other job is parsed on its own,
 * by the fast path or by the `yaml` package, and kept for the next version of the document keyed by its
 * text. An edit inside one job re-parses that job only; the jobs after it keep their nodes, moved in place.
 * A job with a syntax error is parsed with the jobs its error runs into (parseBrokenRun); the head's errors and the
 * last job's are the head's parse's (parseSkeleton). Anything else that could make this differ from a whole-text
 * parse (a syntax error that changes the job list or reaches into it from the head, anchors and aliases, tabs
 * Prometheus rejects, `---`, flow-style lists) makes the caller parse the whole text instead.
 */
import { parseAllDocuments, type Document, type Node, type YAMLError, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isSeq } from './nodeKinds';
import { collectHolders, headLinesMatter, lastStartingBy, shiftHolders, splitJobs, type JobChunk, type JobLayout } from './chunks';
import { createFastContext, parseItemFast, type FastContext, type OffsetHolders } from './fastYaml';
import type { Job } from './model';
import { createShapeCache, type ShapeCache } from './limits';
import { LineIndex, lineContentEnd } from './ranges';
import type { TextWindow } from './textWindow';
import type { Finding } from './types';

/** The findings every per-job rule reported for one job, and where the job and the head's tail were then. */
export interface CachedFindings {
  /** What the findings depend on besides the job's text: the settings, the job's index, the global times (index.ts). */
  readonly version: string;
  readonly index: number;
  readonly head: string;
  /** Where the global times' values were, for findings that point at them (undefined: none does). */
  readonly headSpans: string | undefined;
  chunkStart: number;
  chunkEnd: number;
  suffixStart: number;
  /** By rule, in the order of the rules that have `checkJob`. */
  byRule: (readonly Finding[])[];
  /** By rule, in the order of the rules that have `jobFacts`; offset-free, so never moved. */
  readonly facts: unknown[];
}

/** One scrape_configs item: its parse, kept across versions while its text is unchanged. */
export interface JobSlot {
  readonly text: string;
  /** Where the item's first line starts now. */
  readonly start: number;
  /** The item's node: parsed again from `text` when the slot let go of it (release). */
  readonly node: Node;
  readonly holders: OffsetHolders;
  /** Whether the item is a mapping (a job), known without its node. */
  readonly mapping: boolean;
  /** The Job built from `node`, for the index it was built with. */
  job?: Job;
  findings?: CachedFindings;
  /** Starts of the lines after the first, relative to `start`; made once per slot, for the line index. */
  lineStarts?: number[];
  /** Secrets in the item's text and values (redact.ts), read once per slot. */
  secrets?: readonly string[];
  /** Generation that last used this slot (two identical jobs must not share one). */
  used: number;
  /**
   * Present for a job parsed in a run with the jobs around it (parseBrokenRun): the YAML errors found in its
   * lines, positions relative to `start`. Its parse depends on the jobs after it too, so the slot is never taken by
   * its text, and is parsed again when a job of its run or the job after the run changes. The last job's slot has
   * them too when the head's parse found errors from that job on (parseSkeleton), those after the list included.
   */
  readonly broken?: readonly YAMLError[];
  /** Moves the item (and its nodes, when in memory) to `start`. */
  moveTo(start: number): void;
  /**
   * Lets go of the nodes of an item parsed on its own, with whatever was built from them (`job`'s nodes): the next
   * read of `node` parses `text` again, to the same nodes. A slot of a run or the skeleton's keeps them.
   */
  release(): void;
  /** Whether the nodes are in memory. */
  readonly held: boolean;
}

/** How a released slot parses its text again: the document's fast-path context and the items' indent. */
interface Reparse {
  readonly state: IncrementalState;
  readonly itemIndent: number;
}

class Slot implements JobSlot {
  job?: Job = undefined;
  findings?: CachedFindings = undefined;
  lineStarts?: number[] = undefined;
  secrets?: readonly string[] = undefined;
  used = 0;
  readonly mapping: boolean;
  private parsed: { node: Node; holders: OffsetHolders } | undefined;

  constructor(
    readonly text: string,
    public start: number,
    node: Node,
    holders: OffsetHolders,
    readonly broken: readonly YAMLError[] | undefined,
    /** Undefined for a slot that must keep its nodes (a run's, the skeleton's). */
    private readonly reparse: Reparse | undefined,
  ) {
    this.parsed = { node, holders };
    this.mapping = isMap(node);
  }

  get node(): Node {
    return (this.parsed ??= this.parseAgain()).node;
  }

  get holders(): OffsetHolders {
    return (this.parsed ??= this.parseAgain()).holders;
  }

  get held(): boolean {
    return this.parsed !== undefined;
  }

  moveTo(start: number): void {
    if (start === this.start) return;
    if (this.parsed) shiftHolders(this.parsed.holders, start - this.start);
    this.start = start;
  }

  release(): void {
    if (!this.reparse || !this.parsed) return;
    this.parsed = undefined;
    (this.job as { forget?(): void } | undefined)?.forget?.();
  }

  private parseAgain(): { node: Node; holders: OffsetHolders } {
    const { state, itemIndent } = this.reparse!;
    const parsed = parseOwn(this.text, state, itemIndent);
    // The text parsed on its own before, with the same parsers: it does again.
    if (!parsed) throw new Error('a released job no longer parses on its own');
    shiftHolders(parsed.holders, this.start);
    return parsed;
  }
}

/** The head and the last job, parsed together (parseSkeleton). */
export interface Skeleton {
  readonly prefix: string;
  readonly last: string;
  readonly suffix: string;
  readonly doc: Document.Parsed;
  readonly seq: YAMLSeq;
  readonly holders: OffsetHolders;
  readonly slot: JobSlot;
  /** The YAML errors in the head before the list, at their places in the text (the prefix never moves). */
  readonly headErrors: readonly YAMLError[];
}

/** What one document's versions share. */
export interface IncrementalState {
  fast?: FastContext;
  /** The last job-by-job version's slots, the skeleton's aside: what a later version may reuse by text. */
  kept: readonly JobSlot[];
  /** `kept` by text, made when a version first looks a job up by its text (most edits never do). */
  byText?: Map<string, JobSlot[]>;
  skeleton?: Skeleton;
  generation: number;
  /** The input guard's scan, piece by piece (limits.ts). */
  readonly shape: ShapeCache;
  /** The previous version's text, job layout and slots, for an edit that stays inside the job list. */
  last?: { readonly text: string; readonly layout: JobLayout; readonly slots: readonly JobSlot[] };
}

export interface JobChunks {
  readonly state: IncrementalState;
  /** One slot per scrape_configs item, in order. */
  readonly slots: readonly JobSlot[];
  readonly suffixStart: number;
  /** The column of the items' `-`; every line of the list but blank and comment lines is indented at least this deep. */
  readonly itemIndent: number;
  /** The YAML errors in the head before the list (Skeleton). */
  readonly headErrors: readonly YAMLError[];
  /** How the job list was found: from the previous version's around the edit, or by reading all the text. */
  readonly layoutFrom: 'edit' | 'text';
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

function newSlot(text: string, start: number, node: Node, holders: OffsetHolders, broken?: readonly YAMLError[], reparse?: Reparse): JobSlot {
  return new Slot(text, start, node, holders, broken, reparse);
}

/** Parses one item that is not the last with the `yaml` package, in a context that ends it as the whole text would. */
function parseItemWithYaml(text: string, start: number, end: number, indent: number): { node: Node; holders: OffsetHolders } | undefined {
  const parsed = parseInList(text.slice(start, end), indent);
  if (!parsed || parsed.doc.errors.length > 0 || parsed.seq.items.length !== 2) return undefined;
  const node = parsed.seq.items[0] as Node | null;
  if (!node || typeof node !== 'object') return undefined;
  const holders = collectHolders([node]);
  if (holders.anchorsOrAliases) return undefined;
  shiftHolders(holders, start - IN_LIST.length);
  return { node, holders };
}

/** What parseInList puts before the items: their offsets in its parse are this much past their own text's. */
const IN_LIST = 's:\n';

/**
 * List items (the text of whole `- ` items at `indent`) parsed by the `yaml` package as a list's items in a whole
 * text are, and a next item's dash after them, so that trailing comments end where they would in the whole text.
 * Undefined when the parse is not one document holding that list.
 */
function parseInList(itemsText: string, indent: number): { doc: Document.Parsed; seq: YAMLSeq } | undefined {
  const docs = parseAllDocuments(IN_LIST + itemsText + ' '.repeat(indent) + '-\n', PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0];
  const root = doc.contents;
  if (!isMap(root) || root.items.length !== 1) return undefined;
  const seq = root.items[0].value;
  return isSeq(seq) ? { doc, seq } : undefined;
}

/**
 * The head (`text` before prefixEnd and from suffixStart) and the last item parsed together. Every other item parses
 * on its own, so the whole text's parse reaches the last item in the state this parse does: errors from the last
 * item on are the whole text's. An error in the head before the list is the whole text's too when the list and the
 * rest are parsed as in a text without it: no error from the list on, and its one item where the item parses alone
 * (inStep). Else undefined.
 */
function parseSkeleton(text: string, prefixEnd: number, last: { start: number; end: number }, suffixStart: number, state: IncrementalState, itemIndent: number): Skeleton | undefined {
  const prefix = detached(text, 0, prefixEnd);
  const lastText = detached(text, last.start, last.end);
  const suffix = detached(text, suffixStart, text.length);
  const docs = parseAllDocuments(prefix + lastText + suffix, PARSE_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
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
  const all = doc.errors.splice(0);
  const headErrors = all.filter((e) => e.pos[0] < prefixEnd);
  state.fast ??= createFastContext(doc);
  // With an error in the head, the list and what follows must parse as without it: no error there, the item in step.
  if (headErrors.length > 0 && (headErrors.length < all.length || !inStep(item, lastText, last.start, state, itemIndent))) return undefined;
  // The other errors go with the last item, relative to its start, as a broken item's do (parseBrokenRun).
  const errors = all.filter((e) => e.pos[0] >= prefixEnd).map((e) => withPos(e, e.pos[0] - prefixEnd, e.pos[1] - prefixEnd));
  const slot = newSlot(lastText, last.start, item, itemHolders, errors.length > 0 ? errors : undefined);
  return { prefix, last: lastText, suffix, doc, seq, holders, slot, headErrors };
}

/**
 * Whether the last item (`node`, from the head's parse, at `start`) is where and what it is when parsed on its own:
 * then an error in the head before it left the list in the state of a text without that error.
 */
function inStep(node: Node, own: string, start: number, state: IncrementalState, itemIndent: number): boolean {
  const alone = parseOwn(own, state, itemIndent);
  const [a0, a1] = alone?.node.range ?? [-1, -1];
  return node.range !== undefined && node.range !== null && node.range[0] === a0 + start && node.range[1] === a1 + start;
}

/**
 * The job layout of `text` from the previous version's, when the edit (`window`) stays inside the job list:
 * items before it keep their offsets, items after it move by the edit's length, and only the lines between
 * are read again, by splitJobs' rules; or when it stays in the head (patchHead). Undefined when that is not enough
 * (a line that leaves or restructures the list): splitJobs then reads the whole text. A text with a lone CR never gets
 * here (document.ts mayParseByJob).
 */
function patchLayout(old: { text: string; layout: JobLayout }, text: string, window: TextWindow): { layout: JobLayout; first: number; oldEnd: number } | undefined {
  const { items, prefixEnd, itemIndent, suffixStart } = old.layout;
  const changeEnd = old.text.length - window.suffix;
  const head = patchHead(old, text, window);
  if (head) return head;
  // The edit must start after the list's first line and end before the head that follows the list.
  if (window.prefix <= prefixEnd || changeEnd > suffixStart) return undefined;
  // First item touched: the one holding the character before the edit (its line may have been joined).
  const first = Math.max(0, lastStartingBy(items, window.prefix - 1));
  // Last item touched: the one whose end is the first item boundary at or after the edit's end.
  let last = first;
  while (last < items.length - 1 && items[last].end < changeEnd) last++;
  const oldEnd = items[last].end;
  const regionStart = items[first].start;
  const regionEnd = oldEnd + window.delta;
  if (regionEnd > text.length || (regionEnd < text.length && text.charCodeAt(regionEnd - 1) !== 10)) return undefined;
  const starts: number[] = [];
  for (let at = regionStart; at < regionEnd; ) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const end = lineContentEnd(text, at, nl);
    let c = at;
    while (c < end && text.charCodeAt(c) === 32) c++;
    // Blank lines and comments belong to no item; any other line must start an item or sit inside one.
    if (c < end && text.charCodeAt(c) !== 35 /* # */) {
      const dash = text.charCodeAt(c) === 45 /* - */ && (c + 1 === end || text.charCodeAt(c + 1) === 32);
      if (c - at === itemIndent && dash) starts.push(at);
      else if (c - at <= itemIndent || starts.length === 0) return undefined;
    }
    at = nl + 1;
  }
  if (starts.length === 0 || starts[0] !== regionStart) return undefined;
  const next: { start: number; end: number }[] = items.slice(0, first) as { start: number; end: number }[];
  for (let k = 0; k < starts.length; k++) next.push({ start: starts[k], end: k + 1 < starts.length ? starts[k + 1] : regionEnd });
  for (let k = last + 1; k < items.length; k++) next.push({ start: items[k].start + window.delta, end: items[k].end + window.delta });
  if (next.length < 2) return undefined;
  return { layout: { prefixEnd, itemIndent, items: next, suffixStart: suffixStart + window.delta }, first, oldEnd };
}

/**
 * The job layout of `text` from the previous version's, when the edit (`window`) is in the head: before the
 * `scrape_configs:` line (every item moves by the edit's length) or after the list's first line that follows it
 * (nothing moves), and the lines it puts there are nothing to splitJobs (headLinesMatter). No item is touched.
 */
function patchHead(old: { text: string; layout: JobLayout }, text: string, window: TextWindow): { layout: JobLayout; first: number; oldEnd: number } | undefined {
  const { items, prefixEnd, itemIndent, suffixStart } = old.layout;
  const changeEnd = old.text.length - window.suffix;
  const newEnd = changeEnd + window.delta;
  // The lines of the new text the edit touched, whole.
  const lineStart = text.lastIndexOf('\n', window.prefix - 1) + 1;
  const nl = text.indexOf('\n', newEnd);
  const touched = text.slice(lineStart, nl < 0 ? text.length : nl);
  // The `scrape_configs:` line and the line break before it stay as they were.
  const keyLine = old.text.lastIndexOf('\nscrape_configs', prefixEnd) + 1;
  if (keyLine > 0 && changeEnd < keyLine && !headLinesMatter(touched, true)) {
    const d = window.delta;
    return {
      layout: { prefixEnd: prefixEnd + d, itemIndent, items: items.map((it) => ({ start: it.start + d, end: it.end + d })), suffixStart: suffixStart + d },
      first: 0,
      oldEnd: 0,
    };
  }
  // After the list: the first two characters of the line that ends it stay as they were (it still ends the list).
  if (suffixStart < old.text.length && window.prefix >= suffixStart + 2 && !headLinesMatter(touched, false)) {
    return { layout: { prefixEnd, itemIndent, items, suffixStart }, first: items.length - 1, oldEnd: suffixStart };
  }
  return undefined;
}

export interface ChunkedParse {
  readonly yaml: Document.Parsed;
  readonly chunks: JobChunks;
}

/**
 * Parses `text` job by job, reusing what `state` kept from an earlier version. Undefined when the text must
 * be parsed whole. Moves the reused nodes: a model built on an earlier version must not be used afterwards.
 */
export function parseByJob(text: string, state: IncrementalState, change?: { readonly base: string; readonly window: TextWindow }): ChunkedParse | undefined {
  const previous = state.last;
  state.last = undefined;
  const patched = previous && change && previous.text === change.base ? patchLayout(previous, text, change.window) : undefined;
  const layout = patched?.layout ?? splitJobs(text);
  if (!layout) return undefined;
  const { items, prefixEnd, suffixStart, itemIndent } = layout;
  const last = items[items.length - 1];
  const generation = ++state.generation;

  let skeleton = state.skeleton;
  const prefixSame = skeleton !== undefined && skeleton.prefix.length === prefixEnd && text.startsWith(skeleton.prefix);
  const suffixSame = skeleton !== undefined && skeleton.suffix.length === text.length - suffixStart && text.endsWith(skeleton.suffix);
  if (skeleton && prefixSame && suffixSame && skeleton.last.length === last.end - last.start && text.startsWith(skeleton.last, last.start)) {
    shiftHolders(skeleton.holders, last.start - skeleton.slot.start, skeleton.slot.start);
    // The skeleton's holders include the last item's: only its offset moves here.
    (skeleton.slot as Slot).start = last.start;
  } else {
    skeleton = parseSkeleton(text, prefixEnd, last, suffixStart, state, itemIndent);
    if (!skeleton) return undefined;
    state.skeleton = skeleton;
  }

  const slots = patched && previous ? reuseAroundEdit(text, state, layout, previous.slots, patched, generation) : reuseByText(text, state, layout, generation);
  if (!slots) return undefined;
  slots.push(skeleton.slot);
  state.last = { text, layout, slots };

  const seq = skeleton.seq;
  seq.items = jobItems(slots);
  if (seq.range) seq.range[0] = items[0].start + itemIndent;
  return { yaml: skeleton.doc, chunks: { state, slots, suffixStart, itemIndent, headErrors: skeleton.headErrors, layoutFrom: patched ? 'edit' : 'text' } };
}

/** An array index as a property key, or -1. */
function indexKey(key: string | symbol): number {
  if (typeof key !== 'string' || key.length === 0 || key.length > 9) return -1;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(k);
    if (c < 48 || c > 57 || (k === 0 && c === 48 && key.length > 1)) return -1;
  }
  return Number(key);
}

/**
 * The job list's items, read from the slots when read: a slot that let go of its nodes parses them again only
 * when its item is read. Read-only: the list is the slots'.
 */
export function jobItems(slots: readonly JobSlot[]): unknown[] {
  const items = new Proxy<unknown[]>([], {
    get(target, key, receiver) {
      if (key === 'length') return slots.length;
      const i = indexKey(key);
      if (i < 0) return Reflect.get(target, key, receiver) as unknown;
      return i < slots.length ? slots[i].node : undefined;
    },
    set(target, key, value, receiver) {
      if (indexKey(key) >= 0 || key === 'length') return false;
      return Reflect.set(target, key, value, receiver);
    },
    has(target, key) {
      const i = indexKey(key);
      return i >= 0 ? i < slots.length : Reflect.has(target, key);
    },
    ownKeys(target) {
      return [...slots.keys()].map(String).concat(Reflect.ownKeys(target).filter((k) => k !== 'length' && indexKey(k) < 0) as string[], 'length');
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexKey(key);
      if (i >= 0) return i < slots.length ? { value: slots[i].node, writable: false, enumerable: true, configurable: true } : undefined;
      if (key === 'length') return { value: slots.length, writable: true, enumerable: false, configurable: false };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  slotLists.set(items, slots);
  return items;
}

/** The slots behind each jobItems list. */
const slotLists = new WeakMap<object, readonly JobSlot[]>();

/**
 * For a job list read through its slots (jobItems): the index of the only item whose range may hold `offset`, the one
 * whose slot starts last at or before it (-1: none), so no other job's nodes are read. Undefined for a list of the
 * `yaml` package's.
 */
export function slotIndexAt(items: readonly unknown[], offset: number): number | undefined {
  const slots = slotLists.get(items);
  return slots && lastStartingBy(slots, offset);
}

/** Item `i` of a list, as `items[i]` reads it; a job list read through its slots is read without its Proxy. */
export function listItem(items: readonly unknown[], i: number): unknown {
  const slots = slotLists.get(items);
  return slots ? slots[i]?.node : items[i];
}

/**
 * Whether item `i` of a list is a mapping, without parsing a job that let go of its nodes again: a walk that skips
 * the jobs' mappings (each is its job's, for checkJob) asks this first.
 */
export function isMappingItem(items: readonly unknown[], i: number, isMapping: (item: unknown) => boolean = isMap): boolean {
  const slots = slotLists.get(items);
  return slots ? slots[i].mapping : isMapping(items[i]);
}

/**
 * A text split for a single check that keeps no job's nodes (index.ts checkOnce): its head (with the last job) is
 * parsed, the other jobs are parsed one at a time by planSlot, when the check comes to them.
 */
export interface JobPlan {
  readonly yaml: Document.Parsed;
  /** How many jobs: planSlot takes 0 to count - 1. */
  readonly count: number;
  readonly layout: JobLayout;
  readonly skeleton: Skeleton;
  readonly state: IncrementalState;
  /** Slots of a run of broken jobs (parseBrokenRun) parsed ahead, by index, until planSlot hands them out. */
  readonly ahead: Map<number, JobSlot>;
}

/** The plan of `text`, or undefined where parseByJob would be: the text must then be parsed whole. */
export function planJobs(text: string, state: IncrementalState): JobPlan | undefined {
  const layout = splitJobs(text);
  if (!layout) return undefined;
  const { items, prefixEnd, suffixStart, itemIndent } = layout;
  const skeleton = parseSkeleton(text, prefixEnd, items[items.length - 1], suffixStart, state, itemIndent);
  if (!skeleton) return undefined;
  // As parseByJob leaves it, but for the items: the plan's jobs are not in the tree.
  if (skeleton.seq.range) skeleton.seq.range[0] = items[0].start + itemIndent;
  return { yaml: skeleton.doc, count: items.length, layout, skeleton, state, ahead: new Map() };
}

/**
 * Makes the plan's slots (every job's, the last included, as planSlot gave them) the state's, as parseByJob would
 * have left it after parsing the same text with nothing to reuse: the next version reuses them.
 */
export function adoptPlan(text: string, plan: JobPlan, slots: JobSlot[]): JobChunks {
  const { state, skeleton, layout } = plan;
  const generation = ++state.generation;
  for (const slot of slots) slot.used = generation;
  state.kept = slots.slice(0, -1);
  state.byText = undefined;
  state.skeleton = skeleton;
  state.last = { text, layout, slots };
  skeleton.seq.items = jobItems(slots);
  return { state, slots, suffixStart: layout.suffixStart, itemIndent: layout.itemIndent, headErrors: skeleton.headErrors, layoutFrom: 'text' };
}

/**
 * Job `index` of a plan, parsed as parseByJob would parse it (the last one is the skeleton's; one with a syntax error
 * of its own, with the next job). Undefined when it cannot be parsed that way: the text must then be parsed whole.
 * The job's text is a slice of the plan's, not a copy: a plan is made from a version with nothing before it, so its
 * jobs hold on to that one text only (jobs parsed after an edit copy theirs, see detached), and the first check of a
 * large file need not copy it job by job, nor V8's young-generation collector copy the copies again.
 */
export function planSlot(text: string, plan: JobPlan, index: number): JobSlot | undefined {
  const { items, itemIndent } = plan.layout;
  if (index === items.length - 1) return plan.skeleton.slot;
  const ahead = plan.ahead.get(index);
  if (ahead) {
    plan.ahead.delete(index);
    return ahead;
  }
  const item = items[index];
  const slot = parseSlot(text, plan.state, item.start, item.end, itemIndent, true);
  if (slot) return slot;
  const run = parseBrokenRun(text, plan.state, items, index, itemIndent);
  if (!run) return undefined;
  for (let j = 1; j < run.length; j++) plan.ahead.set(index + j, run[j]);
  return run[0];
}

/**
 * A copy of a piece of text that does not hold on to the text it came from. A slice would: a job parsed after an
 * edit kept that whole version of the document alive through its strings, 4.5 MB per edit on the benchmark.
 */
function detached(text: string, start: number, end: number): string {
  return (' ' + text.slice(start, end)).slice(1);
}

/** One item's text parsed on its own, by the fast path or else by the `yaml` package; offsets are the text's. */
function parseOwn(own: string, state: IncrementalState, itemIndent: number): { node: Node; holders: OffsetHolders } | undefined {
  return parseItemFast(own, 0, own.length, own.length + itemIndent, state.fast!) ?? parseItemWithYaml(own, 0, own.length, itemIndent);
}

/**
 * A new slot for the item [start, end), parsed by the fast path or else by the `yaml` package, from its own copy, or
 * with `share`, from a slice of `text` (planSlot).
 */
function parseSlot(text: string, state: IncrementalState, start: number, end: number, itemIndent: number, share = false): JobSlot | undefined {
  const own = share ? text.slice(start, end) : detached(text, start, end);
  const parsed = parseOwn(own, state, itemIndent);
  if (!parsed) return undefined;
  shiftHolders(parsed.holders, start);
  return newSlot(own, start, parsed.node, parsed.holders, undefined, { state, itemIndent });
}

/** How many items after a broken one its parse may run into before the text is parsed whole instead. */
const MAX_BROKEN_RUN = 8;

/**
 * Slots for item `index`, which has a YAML syntax error and so does not parse on its own, and for the items its
 * error runs into, so that an error in one job of a large file does not make every edit parse the whole text. The
 * items are parsed by the `yaml` package together with the item after them, as parseItemWithYaml parses one, a run
 * of one item first, then longer. The whole text's parse reaches the run in the same state (the items before it
 * parse on their own), so the run's nodes and errors are the whole text's once that parse is back in step at the
 * item after the run: that item parsing there exactly as on its own, with no error from its first character on,
 * and each item of the run starting in its own lines. The item after the run may be the last one, parsed with the
 * head: its parse there starts in the same state. Undefined when no run of up to MAX_BROKEN_RUN items gets back in
 * step by the last item (the text is then parsed whole).
 */
function parseBrokenRun(text: string, state: IncrementalState, items: readonly { start: number; end: number }[], index: number, itemIndent: number): JobSlot[] | undefined {
  const lead = IN_LIST.length;
  const first = items[index].start;
  for (let m = 1; m <= MAX_BROKEN_RUN && index + m < items.length; m++) {
    const next = items[index + m];
    const nextText = text.slice(next.start, next.end);
    // The item after the run must parse on its own; if not, it is broken too: a longer run may include it.
    const alone = parseOwn(nextText, state, itemIndent);
    if (!alone?.node.range) continue;
    const nextAt = lead + next.start - first;
    const parsed = parseInList(text.slice(first, next.end), itemIndent);
    if (!parsed) return undefined;
    const { doc, seq } = parsed;
    if (doc.errors.some((e) => e.pos[0] < lead)) return undefined;
    if (doc.errors.some((e) => e.pos[1] > nextAt)) continue;
    if (seq.items.length !== m + 2) continue;
    // Back in step: the item after the run where it parses alone, over the same characters.
    const after = seq.items[m] as Node | null;
    const [a0, a1, a2] = alone.node.range;
    if (!after?.range || after.range[0] !== a0 + nextAt || after.range[1] !== a1 + nextAt || after.range[2] !== a2 + nextAt) continue;
    if (doc.errors.length === 0) return undefined; // parses in a run but not alone: not a case this path knows
    // Window offsets to the document's.
    const shift = first - lead;
    const slots: JobSlot[] = [];
    for (let j = 0; j < m; j++) {
      const item = items[index + j];
      const node = seq.items[j] as Node | null;
      // Each item of the run in its own lines, as the split found them.
      if (!node || typeof node !== 'object' || !node.range || node.range[0] + shift < item.start || node.range[0] + shift >= item.end) return undefined;
      const holders = collectHolders([node]);
      if (holders.anchorsOrAliases) return undefined;
      shiftHolders(holders, shift);
      // Each error with the item it starts in, relative to the item, so that it moves with the item.
      const errors = doc.errors
        .filter((e) => e.pos[0] + shift >= item.start && (e.pos[0] + shift < item.end || j === m - 1))
        .map((e) => withPos(e, e.pos[0] + shift - item.start, e.pos[1] + shift - item.start));
      slots.push(newSlot(detached(text, item.start, item.end), item.start, node, holders, errors));
    }
    return slots;
  }
  return undefined;
}

/** A copy of a YAML error at other positions. */
function withPos(e: YAMLError, start: number, end: number): YAMLError {
  return Object.assign(Object.create(Object.getPrototypeOf(e) as object) as YAMLError, e, { pos: [start, end] });
}

/** The YAML errors of a version's broken items (parseBrokenRun, parseSkeleton), at their places in the text. */
export function brokenItemErrors(slots: readonly JobSlot[]): YAMLError[] {
  const out: YAMLError[] = [];
  for (const slot of slots) {
    if (!slot.broken) continue;
    for (const e of slot.broken) out.push(withPos(e, e.pos[0] + slot.start, e.pos[1] + slot.start));
  }
  return out;
}

function addByText(chunks: Map<string, JobSlot[]>, slot: JobSlot): void {
  const same = chunks.get(slot.text);
  if (same) same.push(slot);
  else chunks.set(slot.text, [slot]);
}

/** The kept slots by text, indexed on first use. */
function keptByText(state: IncrementalState): Map<string, JobSlot[]> {
  if (!state.byText) {
    const byText = new Map<string, JobSlot[]>();
    for (const slot of state.kept) addByText(byText, slot);
    state.byText = byText;
  }
  return state.byText;
}

/**
 * The slot of item `index` for this generation: a kept slot with the same text (looked up in `byText`, when given),
 * moved here, or a new parse; for an item with a syntax error, the slots of its run (parseBrokenRun), from it on.
 */
function takeSlots(text: string, state: IncrementalState, items: readonly JobChunk[], index: number, itemIndent: number, generation: number, byText?: Map<string, JobSlot[]>): JobSlot[] | undefined {
  const { start, end } = items[index];
  let slot = byText?.get(text.slice(start, end))?.find((s) => s.used !== generation && !s.broken);
  if (slot) slot.moveTo(start);
  else slot = parseSlot(text, state, start, end, itemIndent);
  const slots = slot ? [slot] : parseBrokenRun(text, state, items, index, itemIndent);
  if (slots) for (const s of slots) s.used = generation;
  return slots;
}

/**
 * Slots for every item but the last, found by their text among the kept ones (any place). A first parse has
 * nothing kept, and neither slices nor hashes the jobs' texts.
 */
function reuseByText(text: string, state: IncrementalState, layout: JobLayout, generation: number): JobSlot[] | undefined {
  const byText = state.kept.length > 0 ? keptByText(state) : undefined;
  const slots: JobSlot[] = [];
  const items = layout.items;
  for (let i = 0; i < items.length - 1; ) {
    const taken = takeSlots(text, state, items, i, layout.itemIndent, generation, byText);
    if (!taken) return undefined;
    for (const slot of taken) slots.push(slot);
    i += taken.length;
  }
  state.kept = slots.slice();
  state.byText = undefined;
  return slots;
}

/**
 * Slots for every item but the last after an edit inside the list: the items before the edit keep their slots,
 * those after it keep theirs moved, by position, without reading their text; only the edited items are looked
 * up by text (when the kept slots are already indexed by text) or parsed. The index is updated for the edited
 * items only.
 */
function reuseAroundEdit(text: string, state: IncrementalState, layout: JobLayout, before: readonly JobSlot[], patch: { first: number; oldEnd: number }, generation: number): JobSlot[] | undefined {
  const items = layout.items;
  const count = items.length - 1;
  // Items of a run of broken ones (parseBrokenRun) depend on the items after them: a run that ends at the edit or
  // reaches into it is taken again whole, and so is a run right after the edited items.
  let first = patch.first;
  while (first > 0 && before[first - 1].broken) first--;
  // Old items (last one excluded: the skeleton's) after the edited ones, and how far their index moves.
  let oldAfter = patch.first;
  while (oldAfter < before.length - 1 && (before[oldAfter].start < patch.oldEnd || before[oldAfter].broken)) oldAfter++;
  const shift = items.length - before.length;
  const regionEnd = Math.min(count, oldAfter + shift);
  const slots: JobSlot[] = new Array(count);
  for (let i = 0; i < first && i < count; i++) (slots[i] = before[i]).used = generation;
  for (let i = Math.max(regionEnd, first); i < count; i++) {
    const slot = before[i - shift];
    slot.moveTo(items[i].start);
    slot.used = generation;
    slots[i] = slot;
  }
  const added: JobSlot[] = [];
  const byText = state.byText;
  for (let i = first; i < regionEnd; ) {
    const taken = takeSlots(text, state, items, i, layout.itemIndent, generation, byText);
    if (!taken) return undefined;
    // A run may reach past the edited items: its slots take the place of those kept there.
    for (const slot of taken) {
      slots[i++] = slot;
      added.push(slot);
    }
  }
  state.kept = slots.slice();
  if (!byText) return slots;
  // The index by text: drop the edited items' old slots that nothing took, add the new ones.
  for (let j = first; j < oldAfter && j < before.length - 1; j++) {
    const old = before[j];
    if (old.used === generation) continue;
    const same = byText.get(old.text);
    const at = same ? same.indexOf(old) : -1;
    if (at >= 0) same!.splice(at, 1);
    if (same && same.length === 0) byText.delete(old.text);
  }
  for (const slot of added) if (!byText.get(slot.text)?.includes(slot)) addByText(byText, slot);
  return slots;
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
  return { kept: [], generation: 0, shape: createShapeCache() };
}
