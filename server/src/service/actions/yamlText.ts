/**
 * Source-preserving edit helpers for code actions: where a key's block starts and ends, how to delete it or add
 * a sibling, and how to write a scalar in the style of the one it replaces. Everything works on offsets of the
 * current text; nothing is reformatted.
 */
import { isCollection, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq } from '../nodeKinds';
import { lastStartingBy } from '../chunks';
import { slotIndexAt } from '../incremental';
import type { ConfigModel, Job } from '../model';
import type { ActionContext, OffsetEdit } from './types';

export function lineText(ctx: ActionContext, line: number): string {
  return ctx.text.slice(ctx.lines.lineStart(line), ctx.lines.lineEnd(line));
}

export function indentOf(ctx: ActionContext, line: number): number {
  const s = lineText(ctx, line);
  return s.length - s.trimStart().length;
}

/** The document's line break: the first one found, `\n` when there is none. */
export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

/** Offset just past the node's own content. Block collections' ranges run on over trailing comments and blanks. */
export function contentEnd(node: unknown): number {
  if (isPair(node)) return Math.max(contentEnd(node.key), contentEnd(node.value));
  if (!node || typeof node !== 'object') return -1;
  const n = node as Node;
  if (!n.range) return -1;
  if (isScalar(n) || isAlias(n)) return n.range[1];
  if (isCollection(n)) {
    if (n.flow) return n.range[1];
    // Items are in source order and do not overlap: the last one with content ends last (O(depth), not O(size)).
    const items = n.items as unknown[];
    for (let i = items.length - 1; i >= 0; i--) {
      const end = contentEnd(items[i]);
      if (end >= 0) return Math.max(n.range[0], end);
    }
    return n.range[0];
  }
  return (n as { range?: number[] }).range?.[1] ?? -1;
}

export function contains(node: unknown, offset: number): boolean {
  const n = node as Node | null;
  return !!n && !!n.range && n.range[0] <= offset && offset <= contentEnd(n);
}

/** The lines of one `key: value` pair in a block mapping, deeper comments after the value included. */
export interface PairBlock {
  readonly keyStart: number;
  /** Column of the key. */
  readonly column: number;
  readonly firstLine: number;
  readonly lastLine: number;
  /** Something other than indentation precedes the key on its line (`- `, `{`). */
  readonly inline: boolean;
}

export function pairBlock(ctx: ActionContext, pair: Pair): PairBlock | undefined {
  const key = pair.key as Node | null;
  if (!key?.range) return undefined;
  const keyStart = key.range[0];
  const firstLine = ctx.lines.lineAt(keyStart);
  const lineStart = ctx.lines.lineStart(firstLine);
  const column = keyStart - lineStart;
  const inline = ctx.text.slice(lineStart, keyStart).trim() !== '';
  let lastLine = ctx.lines.lineAt(Math.max(keyStart, contentEnd(pair) - 1));
  const seqAtKeyColumn = isSeq(pair.value) && !pair.value.flow;
  for (let l = lastLine + 1; l < ctx.lines.lineCount; l++) {
    const s = lineText(ctx, l);
    const t = s.trimStart();
    if (t === '') continue;
    const indent = s.length - t.length;
    if (indent > column || (seqAtKeyColumn && indent === column && /^-(\s|$)/.test(t) && !t.startsWith('#'))) lastLine = l;
    else break;
  }
  return { keyStart, column, firstLine, lastLine, inline };
}

/** Deletes whole lines `first..last` with their line breaks. */
export function deleteLines(ctx: ActionContext, first: number, last: number): OffsetEdit {
  if (last + 1 < ctx.lines.lineCount) return { start: ctx.lines.lineStart(first), end: ctx.lines.lineStart(last + 1), newText: '' };
  // The file's last line has no break after it: take the one before it instead.
  return { start: first > 0 ? ctx.lines.lineEnd(first - 1) : 0, end: ctx.text.length, newText: '' };
}

/** Inserts a whole line after line `after`. `content` has no line break. */
export function insertLineAfter(ctx: ActionContext, after: number, content: string): OffsetEdit {
  if (after + 1 < ctx.lines.lineCount) {
    const at = ctx.lines.lineStart(after + 1);
    return { start: at, end: at, newText: content + ctx.eol };
  }
  return { start: ctx.text.length, end: ctx.text.length, newText: ctx.eol + content };
}

/** Removes one pair from its mapping with everything that belongs to it. */
export function deletePair(ctx: ActionContext, map: YAMLMap, pair: Pair): OffsetEdit | undefined {
  const items = map.items as Pair[];
  const index = items.indexOf(pair);
  const keyStart = (pair.key as Node | null)?.range?.[0];
  if (index < 0 || keyStart === undefined) return undefined;
  const next = items[index + 1];
  const nextStart = (next?.key as Node | null)?.range?.[0];
  if (map.flow) {
    if (nextStart !== undefined) return { start: keyStart, end: nextStart, newText: '' };
    const prev = items[index - 1];
    if (prev) return { start: contentEnd(prev), end: contentEnd(pair), newText: '' };
    return { start: keyStart, end: contentEnd(pair), newText: '' };
  }
  const block = pairBlock(ctx, pair);
  if (!block) return undefined;
  if (!block.inline) return deleteLines(ctx, block.firstLine, block.lastLine);
  // `- key: v` on the item's line: the next key moves up behind the `- `.
  if (nextStart === undefined) return undefined;
  return { start: keyStart, end: nextStart, newText: '' };
}

/** Adds `key: value` to a mapping right after `after` (or as its first entry), at the mapping's indentation. */
export function insertEntry(ctx: ActionContext, map: YAMLMap, after: Pair | undefined, entry: string): OffsetEdit | undefined {
  const items = map.items as Pair[];
  if (map.flow) {
    const last = items[items.length - 1];
    if (!last) {
      const open = (map as Node).range?.[0];
      return open === undefined ? undefined : { start: open + 1, end: open + 1, newText: entry };
    }
    const at = contentEnd(after ?? last);
    return { start: at, end: at, newText: `, ${entry}` };
  }
  const anchor = after ?? items[0];
  if (!anchor) return undefined;
  const block = pairBlock(ctx, anchor);
  if (!block) return undefined;
  const line = ' '.repeat(block.column) + entry;
  if (after) return insertLineAfter(ctx, block.lastLine, line);
  if (block.inline) return undefined;
  const at = ctx.lines.lineStart(block.firstLine);
  return { start: at, end: at, newText: line + ctx.eol };
}

export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'OTHER';

export function styleOf(node: unknown): ScalarStyle {
  if (!isScalar(node)) return 'OTHER';
  const t = (node as Scalar).type;
  return t === 'PLAIN' || t === 'QUOTE_SINGLE' || t === 'QUOTE_DOUBLE' ? t : 'OTHER';
}

const YAML11_NON_STRINGS = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|\.inf|\.nan)|0x[0-9a-f]+|0o?[0-7]+)$/i;

/** A string that reads back as the same string when written without quotes, in block or flow context. */
export function isSafePlain(value: string): boolean {
  return /^[A-Za-z0-9_/][A-Za-z0-9_/.\-]*$/.test(value) && !YAML11_NON_STRINGS.test(value) && !/^\d{4}-\d\d?-\d\d?/.test(value);
}

export function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function doubleQuoted(value: string): string {
  return JSON.stringify(value);
}

/** Writes `value` in the given style; a plain scalar that would not read back falls back to single quotes. */
export function encodeScalar(value: string, style: ScalarStyle): string {
  if (style === 'QUOTE_DOUBLE') return doubleQuoted(value);
  if (style === 'PLAIN' && isSafePlain(value)) return value;
  return singleQuoted(value);
}

/** Replaces a scalar with `value`, written in the scalar's own quoting style. */
export function replaceScalar(node: Node, value: string): OffsetEdit | undefined {
  if (!node.range) return undefined;
  return { start: node.range[0], end: node.range[1], newText: encodeScalar(value, styleOf(node)) };
}

export interface Located {
  readonly pair: Pair;
  readonly map: YAMLMap;
  /** Ancestor collections from the root down to `map`. */
  readonly path: readonly Node[];
}

/**
 * The item of a sequence that contains `offset`. Items are in source order and do not overlap, so a long list
 * (thousands of jobs) is searched by halves.
 */
function itemAt(items: readonly unknown[], offset: number): unknown {
  const linear = () => items.find((item) => contains(item, offset));
  // The job list of a text parsed job by job: only the job whose lines hold `offset` is read (incremental.ts).
  const at = slotIndexAt(items, offset);
  if (at !== undefined) return at >= 0 && contains(items[at], offset) ? items[at] : undefined;
  if (items.length < 8) return linear();
  // Only the items the search visits are checked for a range (checking all made each lookup O(n): fix-all on
  // 5 000 jobs spent 0.4 s here).
  const startOf = (i: number) => ((items[i] as Node | null)?.range ? (items[i] as Node).range![0] : undefined);
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const start = startOf(mid);
    if (start === undefined) return linear();
    if (start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return contains(items[lo], offset) ? items[lo] : undefined;
}

/** The innermost pair whose key or value contains `offset`. */
export function pairAt(model: ConfigModel, offset: number): Located | undefined {
  let found: Located | undefined;
  const walk = (node: unknown, path: Node[], depth: number): void => {
    if (depth > 200 || !node) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair[]) {
        if (contains(pair.key, offset)) found = { pair, map: node, path: [...path, node] };
        if (contains(pair.value, offset)) {
          found = { pair, map: node, path: [...path, node] };
          walk(pair.value, [...path, node], depth + 1);
        }
      }
    } else if (isSeq(node)) {
      const item = itemAt(node.items, offset);
      if (item !== undefined) walk(item, [...path, node], depth + 1);
    }
  };
  walk(model.root, [], 0);
  return found;
}

/** The pair whose key starts on the same line as `offset` (diagnostics on a key or on its value). */
export function pairOnLine(ctx: ActionContext, offset: number): Located | undefined {
  const hit = pairAt(ctx.model, offset);
  if (hit) return hit;
  const line = ctx.lines.lineAt(offset);
  const s = lineText(ctx, line);
  const first = ctx.lines.lineStart(line) + (s.length - s.trimStart().length);
  return pairAt(ctx.model, first);
}

/**
 * The first job whose mapping holds `offset`. Parsed job by job (no aliases), each job's mapping lies in its own
 * item's lines, so only the job whose item starts last at or before `offset` can: found by bisection.
 */
function jobHolding(model: ConfigModel, offset: number): Job | undefined {
  const holds = (j: Job) => !!j.node?.range && j.node.range[0] <= offset && offset <= contentEnd(j.node);
  const slots = model.document.jobChunks?.slots;
  if (!slots || slots.length !== model.jobs.length) return model.jobs.find(holds);
  const at = lastStartingBy(slots, offset);
  return at >= 0 && holds(model.jobs[at]) ? model.jobs[at] : undefined;
}

/** The job at `offset`, or the one `data.jobIndex` names when it still exists. */
export function jobAt(model: ConfigModel, offset: number, jobIndex?: unknown): Job | undefined {
  const byOffset = jobHolding(model, offset);
  if (byOffset) return byOffset;
  if (typeof jobIndex === 'number') return model.jobs[jobIndex];
  return undefined;
}

/** The pair of a mapping with the given key text (the last one, as yaml.v2 keeps). */
export function ownPair(map: YAMLMap, key: string): Pair | undefined {
  const items = map.items as Pair[];
  for (let i = items.length - 1; i >= 0; i--) {
    const k = items[i].key;
    if (isScalar(k) && String(k.value) === key) return items[i];
  }
  return undefined;
}
