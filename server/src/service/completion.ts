/**
 * Completion: the keys valid at the cursor (from the schema, for the configured Prometheus version, minus the
 * keys already written), `match[]` inside params, and `/federate` for jobs named like federation jobs.
 *
 * The context comes from the lines' indentation rather than from the YAML tree: while a key is being typed
 * the document rarely parses into the shape it will have.
 */
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { lastStartingBy } from './chunks';
import type { ConfigModel } from './model';
import type { LineIndex } from './ranges';
import { renderField } from './hover';
import { ROOT_SCHEMA, knownField } from './schema';
import type { BlockSchema, FieldSchema } from './schema/types';
import type { PromVersion } from './types';

export interface Frame {
  readonly kind: 'key' | 'item';
  readonly col: number;
  readonly line: number;
  readonly key?: string;
  /** A key with nothing after the colon: its value is the block below. */
  readonly open: boolean;
}

export interface LineShape {
  readonly dashCol?: number;
  readonly keyCol: number;
  readonly key?: string;
  readonly value?: string;
}

const DASH = /^(\s*)-(\s+|$)/;
const KEY = /^(['"]?)([^'"\s:#][^:#]*?)\1\s*:(?:\s+(.*?))?\s*(?:#.*)?$/;

/** What one line opens and closes; exported with close and push for the tests' replay of every line. */
export function shapeOf(line: string): LineShape | undefined {
  if (line.trim() === '' || line.trim().startsWith('#')) return undefined;
  const dash = DASH.exec(line);
  const dashCol = dash ? dash[1].length : undefined;
  const keyCol = dash ? dash[0].length : line.length - line.trimStart().length;
  const m = KEY.exec(line.slice(keyCol));
  return { ...(dashCol !== undefined ? { dashCol } : {}), keyCol, ...(m ? { key: m[2], value: m[3] ?? '' } : {}) };
}

/** Pops the frames a line at these columns closes. */
export function close(stack: Frame[], shape: { dashCol?: number; keyCol: number }): void {
  if (shape.dashCol !== undefined) {
    const d = shape.dashCol;
    // `key:` followed by `- item` at the same column is a list under that key (YAML allows it).
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.col > d || (top.col === d && (top.kind === 'item' || !top.open))) stack.pop();
      else break;
    }
  } else {
    while (stack.length && stack[stack.length - 1].col >= shape.keyCol) stack.pop();
  }
}

export function push(stack: Frame[], shape: LineShape, line: number): void {
  if (shape.dashCol !== undefined) stack.push({ kind: 'item', col: shape.dashCol, line, open: false });
  if (shape.key !== undefined) stack.push({ kind: 'key', col: shape.keyCol, line, key: shape.key, open: shape.value === '' });
}

export interface CompletionContext {
  /** Keys and list items from the root to the cursor's parent. */
  readonly path: readonly Frame[];
  /** Keys already written next to the cursor, with their values. */
  readonly siblings: ReadonlyMap<string, string>;
  /** Typing a key (`prefix` so far), or a value of `valueOf`. */
  readonly mode: 'key' | 'value';
  readonly valueOf?: string;
  readonly prefix: string;
  readonly replace: Range;
  readonly keyCol: number;
}

/** A line the replay of the lines above the cursor may start at, and the frames open just before it. */
export interface ReplayStart {
  readonly line: number;
  readonly frames: readonly Frame[];
}

/**
 * The last line from `start` on and above `lineNo` that is at column 0 and not a list item, if any: it closes every
 * frame, so the replay may start there with none open. Else `start`.
 */
function resetAbove(text: string, lines: LineIndex, lineNo: number, start: ReplayStart): ReplayStart {
  for (let l = lineNo - 1; l >= start.line; l--) {
    const c = text.charCodeAt(lines.lineStart(l));
    // space, tab, CR, LF, '#': indented, blank or a comment
    if (c === 32 || c === 9 || c === 13 || c === 10 || c === 35 || Number.isNaN(c)) continue;
    const shape = shapeOf(text.slice(lines.lineStart(l), lines.lineEnd(l)));
    if (shape && shape.dashCol === undefined) return { line: l, frames: [] };
  }
  return start;
}

/**
 * Reads the YAML structure around `offset` from indentation. With `from` (a line at or above the cursor's and the
 * frames open before it), the lines above that one are not read.
 */
export function completionContext(text: string, lines: LineIndex, offset: number, from?: ReplayStart): CompletionContext | undefined {
  const lineNo = lines.lineAt(offset);
  const lineStart = lines.lineStart(lineNo);
  const before = text.slice(lineStart, offset);
  const keyTyping = /^(\s*)(?:(-)(\s+))?([\w[\]]*)$/.exec(before);
  const valueTyping = /^(\s*)(?:(-)(\s+))?(['"]?)([\w[\]]+)\4\s*:\s+(\S*)$/.exec(before);
  if (!keyTyping && !valueTyping) return undefined;
  const m = (keyTyping ?? valueTyping) as RegExpExecArray;
  const indent = m[1].length;
  const dashCol = m[2] ? indent : undefined;
  const keyCol = m[2] ? indent + 1 + m[3].length : indent;
  const cursorShape = { ...(dashCol !== undefined ? { dashCol } : {}), keyCol };
  const prefix = keyTyping ? keyTyping[4] : (valueTyping as RegExpExecArray)[6];
  const replace = lines.range(offset - prefix.length, offset);

  // The ancestors of the cursor: replay the lines above it.
  const start = resetAbove(text, lines, lineNo, from && from.line <= lineNo ? from : { line: 0, frames: [] });
  const stack: Frame[] = [...start.frames];
  for (let l = start.line; l < lineNo; l++) {
    const shape = shapeOf(text.slice(lines.lineStart(l), lines.lineEnd(l)));
    if (!shape) continue;
    close(stack, shape);
    push(stack, shape, l);
  }
  close(stack, cursorShape);
  if (dashCol !== undefined) stack.push({ kind: 'item', col: dashCol, line: lineNo, open: false });
  const path = [...stack];
  const parentLine = path.length ? path[path.length - 1].line : -1;

  // The siblings: every line whose parent is the cursor's parent, above and below. None before the parent's line,
  // and none once a line has closed the parent.
  const siblings = new Map<string, string>();
  const scan = parentLine >= start.line ? start : { line: 0, frames: [] };
  const replay: Frame[] = [...scan.frames];
  // A key at the top level has every other line at column 0 with a key for its siblings, whatever came before it.
  const topLevel = parentLine < 0 && keyCol === 0;
  for (let l = scan.line; l < lines.lineCount; l++) {
    if (topLevel && text.charCodeAt(lines.lineStart(l)) === 32) continue;
    const shape = l === lineNo ? undefined : shapeOf(text.slice(lines.lineStart(l), lines.lineEnd(l)));
    if (!shape) continue;
    close(replay, shape);
    if (parentLine >= 0 && l > parentLine && !replay.some((f) => f.line === parentLine)) break;
    if (shape.dashCol !== undefined) replay.push({ kind: 'item', col: shape.dashCol, line: l, open: false });
    const parent = replay.length ? replay[replay.length - 1].line : -1;
    if (shape.key !== undefined && parent === parentLine && shape.keyCol === keyCol) siblings.set(shape.key, shape.value ?? '');
    if (shape.key !== undefined) replay.push({ kind: 'key', col: shape.keyCol, line: l, key: shape.key, open: shape.value === '' });
  }
  return {
    path,
    siblings,
    mode: keyTyping ? 'key' : 'value',
    ...(valueTyping ? { valueOf: valueTyping[5] } : {}),
    prefix,
    replace,
    keyCol,
  };
}

type Target = { kind: 'block'; block: BlockSchema } | { kind: 'params' } | undefined;

/** The schema block (or the params map) that the path leads to. */
function targetOf(path: readonly Frame[], version: PromVersion): Target {
  let block: BlockSchema = ROOT_SCHEMA;
  let pendingList: BlockSchema | undefined;
  for (let i = 0; i < path.length; i++) {
    const frame = path[i];
    if (frame.kind === 'item') {
      if (!pendingList) return undefined;
      block = pendingList;
      pendingList = undefined;
      continue;
    }
    if (pendingList) return undefined;
    const field = knownField(block, frame.key ?? '', version);
    if (!field) return undefined;
    if (field.type.kind === 'block') block = field.type.block;
    else if (field.type.kind === 'list' && field.type.of.kind === 'block') pendingList = field.type.of.block;
    else if (frame.key === 'params' && i === path.length - 1) return { kind: 'params' };
    else return undefined;
  }
  return pendingList ? undefined : { kind: 'block', block };
}

function isScrapeConfig(path: readonly Frame[]): boolean {
  return path.length === 2 && path[0].key === 'scrape_configs' && path[1].kind === 'item';
}

function keyItem(field: FieldSchema, replace: Range, keyCol: number): CompletionItem {
  const nested = field.type.kind === 'block' || field.type.kind === 'map' || field.type.kind === 'list';
  const listOfBlocks = field.type.kind === 'list' && field.type.of.kind === 'block';
  const newText = listOfBlocks
    ? `${field.name}:\n${' '.repeat(keyCol + 2)}- `
    : nested
      ? `${field.name}:\n${' '.repeat(keyCol + 2)}`
      : `${field.name}: `;
  return {
    label: field.name,
    kind: CompletionItemKind.Property,
    detail: [field.default !== undefined ? `default ${field.default}` : '', field.since ? `since ${field.since}` : ''].filter(Boolean).join(', ') || undefined,
    documentation: { kind: 'markdown', value: renderField(field.name, field) },
    textEdit: { range: replace, newText },
    ...(field.deprecated ? { tags: [CompletionItemTag.Deprecated], sortText: `~${field.name}` } : { sortText: field.name }),
  };
}

/**
 * Where the replay may start for a cursor inside a job of a list parsed job by job: the job's first line. Every line
 * of the list before it is a `- ` at the items' column or a deeper line (splitJobs), so there only the `scrape_configs`
 * key is open. Undefined elsewhere: the replay starts at the first line.
 */
function replayStart(model: ConfigModel, offset: number): ReplayStart | undefined {
  const chunks = model.document.jobChunks;
  const key = model.scrapeConfigs?.keyNode.range;
  if (!chunks || !key || chunks.slots.length === 0 || offset < chunks.slots[0].start || offset >= chunks.suffixStart) return undefined;
  const lines = model.document.lines;
  return { line: lines.lineAt(chunks.slots[lastStartingBy(chunks.slots, offset)].start), frames: [{ kind: 'key', col: 0, line: lines.lineAt(key[0]), key: 'scrape_configs', open: true }] };
}

/** The completion items at `offset`. */
export function completeAt(model: ConfigModel, offset: number, version: PromVersion): CompletionItem[] {
  return completeInText(model.document.text, model.document.lines, offset, version, replayStart(model, offset));
}

/** The completion items at `offset` of a text that has not been parsed: completion reads indentation only. */
export function completeInText(text: string, lines: LineIndex, offset: number, version: PromVersion, from?: ReplayStart): CompletionItem[] {
  const ctx = completionContext(text, lines, offset, from);
  if (!ctx) return [];
  const target = targetOf(ctx.path, version);
  const items: CompletionItem[] = [];
  const jobName = isScrapeConfig(ctx.path) ? (ctx.siblings.get('job_name') ?? '') : undefined;
  const federationName = jobName !== undefined && /federat/i.test(jobName);

  if (ctx.mode === 'value') {
    if (ctx.valueOf === 'metrics_path' && isScrapeConfig(ctx.path)) {
      items.push({ label: '/federate', kind: CompletionItemKind.Value, detail: 'federate series from another Prometheus', textEdit: { range: ctx.replace, newText: '/federate' }, ...(federationName ? { preselect: true } : {}) });
      items.push({ label: '/metrics', kind: CompletionItemKind.Value, detail: 'the default', textEdit: { range: ctx.replace, newText: '/metrics' } });
    } else if (target?.kind === 'block') {
      const field = knownField(target.block, ctx.valueOf ?? '', version);
      const values = field?.type.kind === 'bool' ? ['true', 'false'] : field?.type.kind === 'enum' ? field.type.values : [];
      for (const v of values) items.push({ label: v, kind: CompletionItemKind.Value, textEdit: { range: ctx.replace, newText: v } });
    }
    return items;
  }

  if (target?.kind === 'params') {
    if (!ctx.siblings.has('match[]')) {
      items.push({
        label: 'match[]',
        kind: CompletionItemKind.Property,
        detail: 'the selectors /federate returns',
        documentation: { kind: 'markdown', value: 'The series selectors `/federate` answers with, one per list item. Without `match[]` it returns an empty body.' },
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: ctx.replace, newText: `match[]:\n${' '.repeat(ctx.keyCol + 2)}- '\${1:{job="\$2"\\}}'` },
      });
    }
    return items;
  }
  if (target?.kind !== 'block') return items;
  // At the top level only a key at column 0 is a top-level key.
  if (target.block === ROOT_SCHEMA && ctx.keyCol !== 0) return items;
  for (const field of target.block.fields) {
    if (ctx.siblings.has(field.name)) continue;
    const known = knownField(target.block, field.name, version);
    if (!known) continue;
    items.push(keyItem(known, ctx.replace, ctx.keyCol));
  }
  if (federationName && !ctx.siblings.has('metrics_path')) {
    items.push({
      label: 'metrics_path: /federate',
      kind: CompletionItemKind.Snippet,
      detail: 'make this a federation job',
      preselect: true,
      sortText: ' ',
      textEdit: { range: ctx.replace, newText: 'metrics_path: /federate' },
    });
  }
  return items;
}
