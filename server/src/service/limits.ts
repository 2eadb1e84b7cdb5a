/**
 * What promfed analyses and what it only reports on: the limits that keep a hostile or broken file from taking
 * the language server down (docs/robustness.md states them for users). Checked before the YAML parser runs,
 * in one linear pass, so a file over a limit costs no more than reading it.
 */
import { hasLoneCr, lineContentEnd } from './ranges';
import { textWindow, type TextWindow } from './textWindow';
import type { Finding } from './types';

/** Larger documents get one `input-limit` note and no analysis (about 6 000 federation jobs). */
export const MAX_DOCUMENT_CHARS = 5 * 1024 * 1024;
/** A longer line (a minified blob, not a config) stops analysis too. */
export const MAX_LINE_CHARS = 1024 * 1024;
/** Collections nested deeper than this (flow or block, and through aliases) stop analysis; real configs use ~10. */
export const MAX_NESTING = 100;
/** Nodes aliases and merge keys may add to what the file spells out. */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Longest message a diagnostic carries; a rule quoting a megabyte-long value is cut here. */
export const MAX_MESSAGE_CHARS = 1000;

export interface InputCheck {
  /** Findings about the text itself (limits, control characters). */
  readonly findings: Finding[];
  /** True when the document must not be parsed or analysed further. */
  readonly skip: boolean;
}

function mib(chars: number): string {
  return `${(chars / 1024 / 1024).toFixed(1)} MiB`;
}

function limitFinding(start: number, end: number, kind: string, why: string): Finding {
  return { code: 'input-limit', start, end, message: `${why}; promfed does not check this file.`, data: { kind } };
}

// yaml.v2's reader accepts tab, LF, CR, printable ASCII, NEL and the BMP and astral planes except surrogates
// and U+FFFE/U+FFFF (gopkg.in/yaml.v2 readerc.go: yaml_parser_update_buffer).
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

/** The first control character in [from, to) of `text`, judged with the characters around it. */
function firstControl(text: string, from: number, to: number): { index: number; 0: string } | null {
  const lo = Math.max(0, from - 1);
  const slice = text.slice(lo, Math.min(text.length, to + 1));
  CONTROL_ALL.lastIndex = 0;
  for (let m = CONTROL_ALL.exec(slice); m; m = CONTROL_ALL.exec(slice)) {
    const at = lo + m.index;
    // The slice's first and last characters lack a neighbour: their matches are not to be trusted.
    if (at >= from && at < to) return { index: at, 0: m[0] };
    if (at >= to) break;
  }
  return null;
}

function codePoint(text: string, at: number): string {
  return `U+${(text.codePointAt(at) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Characters the shape scan stops at: `#`, quotes and brackets. */
const SHAPE_CHAR = /[#"'[\]{}]/g;

/** Where the first of SHAPE_CHAR is at or after `from`, or text.length. `test` leaves no match array behind. */
function nextShapeChar(text: string, from: number): number {
  SHAPE_CHAR.lastIndex = from;
  return SHAPE_CHAR.test(text) ? SHAPE_CHAR.lastIndex - 1 : text.length;
}
/** Characters after which a quote starts a string: blanks, `[`, `{`, `,` and `:`. */
const TOKEN_END = new Uint8Array(128);
for (const c of ' \t[{,:') TOKEN_END[c.charCodeAt(0)] = 1;

export interface Shape {
  longest: number;
  longestAt: number;
  depth: number;
  deepAt: number;
  /** True when the scan stopped at the first place past MAX_NESTING. */
  stopped: boolean;
}

/** What the shape scan carries from one line to the next: open flow brackets and the open block indents. */
interface ShapeState {
  /** How lines end: at LF only, at CRLF or LF (a line's CR is not its content), or at a lone CR too. */
  readonly breaks: LineBreaks;
  flow: number;
  levels: number;
  /** Indentations of the open block levels (the first `levels` entries). */
  readonly indents: Int32Array;
}

const LF = 0;
const CRLF = 1;
const LONE_CR = 2;
type LineBreaks = typeof LF | typeof CRLF | typeof LONE_CR;

function newShapeState(text: string): ShapeState {
  const breaks = !text.includes('\r') ? LF : hasLoneCr(text) ? LONE_CR : CRLF;
  // Never more than MAX_NESTING + 1 levels: the scan stops past the limit.
  return { breaks, flow: 0, levels: 0, indents: new Int32Array(MAX_NESTING + 2) };
}

/** Where the line starting at `at` ends: before its LF, CRLF or (in a text that has one) lone CR, or at the text's end. */
function lineEndFrom(text: string, at: number, breaks: LineBreaks): number {
  if (breaks !== LONE_CR) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    return breaks === CRLF ? lineContentEnd(text, at, nl) : nl;
  }
  let end = at;
  for (let c = text.charCodeAt(end); end < text.length && c !== 10 && c !== 13; c = text.charCodeAt(++end)) {
    // to the line break
  }
  return end;
}

/**
 * The longest line and the deepest nesting of the lines in [from, to), approximately: brackets outside quotes
 * and comments, indentation steps and `- ` indicators. Over-counting is harmless (the limit is ten times what
 * configs use). Depths count from `state`, which is left as the last line leaves it; `to` is a line start or
 * the text's end. Character codes only, and line ends found with indexOf: the scan runs on every version of a
 * 5 MB document.
 */
function scanLines(text: string, from: number, to: number, state: ShapeState): Shape {
  let longest = 0;
  let longestAt = from;
  let depth = 0;
  let deepAt = from;
  let { flow, levels } = state;
  const { indents, breaks } = state;
  let lineStart = from;
  const n = text.length;
  let stopped = false;
  /** The first `#`, quote or bracket after the place last searched from (text.length: none); -1 before any search. */
  let next = -1;
  while (lineStart < to || (lineStart === n && to === n)) {
    const lineEnd = lineEndFrom(text, lineStart, breaks);
    if (lineEnd - lineStart > longest) {
      longest = lineEnd - lineStart;
      longestAt = lineStart;
    }
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    const indent = i - lineStart;
    if (i < lineEnd && text.charCodeAt(i) !== 35 /* # */ && flow === 0) {
      while (levels > 0 && indents[levels - 1] >= indent) levels--;
      indents[levels++] = indent;
    }
    let dashes = 0;
    while (i < lineEnd && text.charCodeAt(i) === 45 /* - */ && (i + 1 === lineEnd || text.charCodeAt(i + 1) === 32)) {
      dashes++;
      i += 2;
    }
    const contentStart = i;
    if (i < lineEnd) {
      // The depth where the content starts, unless the content is a comment.
      const c = text.charCodeAt(i);
      const comment = c === 35 && (i === lineStart || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9);
      if (!comment && levels + dashes + flow > depth) {
        depth = levels + dashes + flow;
        deepAt = i;
      }
    }
    // Past the indentation only comments, quotes and brackets matter: the regex finds the next one, in native code.
    if (next < i) next = nextShapeChar(text, i);
    for (i = next; i < lineEnd; i = next = nextShapeChar(text, i + 1)) {
      const c = text.charCodeAt(i);
      if (c === 35 /* # */) {
        if (i === lineStart || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9) break;
      } else if (c === 34 /* " */ || c === 39 /* ' */) {
        // A quote opens a string only where a token starts; the string ends at the same quote on this line.
        if (i === contentStart || (text.charCodeAt(i - 1) < 128 && TOKEN_END[text.charCodeAt(i - 1)] === 1)) {
          const close = text.indexOf(c === 34 ? '"' : "'", i + 1);
          i = close < 0 || close >= lineEnd ? lineEnd : close;
        }
      } else if (c === 91 /* [ */ || c === 123 /* { */) {
        flow++;
        if (levels + dashes + flow > depth) {
          depth = levels + dashes + flow;
          deepAt = i;
        }
      } else if (flow > 0) flow--; // `]` or `}`
      if (depth > MAX_NESTING) break;
    }
    if (depth <= MAX_NESTING && levels + dashes > depth) {
      depth = levels + dashes;
      deepAt = lineStart;
    }
    // The first place past the limit is the one to show; the rest of the file need not be scanned for depth.
    if (depth > MAX_NESTING) {
      stopped = true;
      break;
    }
    if (lineEnd >= n) break;
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
  }
  state.flow = flow;
  state.levels = levels;
  return { longest, longestAt, depth, deepAt, stopped };
}

/** The shape of a whole text, scanned in one piece (the piecewise scan in checkInput must agree with it). */
export function textShape(text: string): Shape {
  return scanLines(text, 0, text.length, newShapeState(text));
}

/** A scanned piece of text: the state it was scanned from, what it found and the state it left. */
interface ShapePiece {
  readonly entry: string;
  /** Offsets relative to the piece's start. */
  readonly shape: Shape;
  readonly flow: number;
  readonly indents: readonly number[];
}

/**
 * The previous version's scan, piece by piece: an edit re-scans the pieces it touched and keeps the others,
 * those after it moved by the edit's length.
 */
export interface ShapeCache {
  text?: string;
  starts: number[];
  pieces: ShapePiece[];
  /** The previous text held a control character (checked whole again, not by window). */
  control: boolean;
}

export function createShapeCache(): ShapeCache {
  return { starts: [], pieces: [], control: false };
}

function stateKey(state: ShapeState): string {
  let key = `${state.flow}`;
  for (let l = 0; l < state.levels; l++) key += `,${state.indents[l]}`;
  return key;
}

/** A line break before a line that starts a piece: at column 0 (not blank), or with `- ` at column 1 or 2. */
const PIECE_CUT = /\n(?=[^ \r\n]| - |  - |$)/g;
/** The characters after a line break that decide whether it is a cut (PIECE_CUT's lookahead). */
const CUT_LOOKAHEAD = 4;

function enterPiece(state: ShapeState, piece: ShapePiece): void {
  state.flow = piece.flow;
  state.levels = piece.indents.length;
  state.indents.set(piece.indents);
}

function scanPiece(text: string, from: number, to: number, state: ShapeState): ShapePiece {
  const entry = stateKey(state);
  const found = scanLines(text, from, to, state);
  const shape: Shape = { longest: found.longest, longestAt: found.longestAt - from, depth: found.depth, deepAt: found.deepAt - from, stopped: found.stopped };
  // A loop, not Array.from(subarray): a piece per job, and a typed array's view costs more than the copy.
  const indents = new Array<number>(state.levels);
  for (let l = 0; l < state.levels; l++) indents[l] = state.indents[l];
  return { entry, shape, flow: state.flow, indents };
}

/**
 * The shape of the whole text. With a cache, the text is cut into pieces (one per job of a scrape_configs
 * list, one per top-level line) and only the pieces an edit touched are scanned again: the ones before it are
 * the same text at the same place, the ones after it the same text moved, and each is reused when the scan
 * reaches it in the state it was scanned from. Texts with a lone CR line break are scanned whole.
 */
function scanShape(text: string, cache?: ShapeCache, window?: TextWindow): Shape {
  const state = newShapeState(text);
  if (!cache || state.breaks === LONE_CR) {
    if (cache) cache.text = undefined;
    return scanLines(text, 0, text.length, state);
  }
  const n = text.length;
  const starts: number[] = [];
  const pieces: ShapePiece[] = [];
  let from = 0;
  // The previous version's pieces: those wholly inside the common beginning (cut decided there too) are kept.
  const old = window ? cache.text : undefined;
  let k = 0;
  if (window) {
    for (; k < cache.pieces.length; k++) {
      const end = k + 1 < cache.starts.length ? cache.starts[k + 1] : old!.length;
      // Same text, same place, same state as the previous version (by induction from the fresh state).
      if (end + CUT_LOOKAHEAD > window.prefix || end >= old!.length) break;
      starts.push(from);
      pieces.push(cache.pieces[k]);
      enterPiece(state, cache.pieces[k]);
      from = end;
    }
  }
  // From there, scan piece by piece until a cut lands on a kept piece's start, moved, inside the common end.
  const suffixStart = window ? old!.length - window.suffix : Infinity;
  for (;;) {
    if (window) {
      while (k < cache.starts.length && cache.starts[k] + window.delta < from) k++;
      const oldStart = cache.starts[k];
      if (k < cache.starts.length && oldStart + window.delta === from && oldStart - 1 >= suffixStart && cache.pieces[k].entry === stateKey(state)) {
        for (; k < cache.pieces.length; k++) {
          starts.push(cache.starts[k] + window.delta);
          pieces.push(cache.pieces[k]);
        }
        break;
      }
    }
    PIECE_CUT.lastIndex = from;
    const cut = PIECE_CUT.exec(text);
    const to = cut ? cut.index + 1 : n;
    starts.push(from);
    const piece = scanPiece(text, from, to, state);
    pieces.push(piece);
    if (to >= n || piece.shape.stopped) break;
    from = to;
  }
  const total: Shape = { longest: 0, longestAt: 0, depth: 0, deepAt: 0, stopped: false };
  for (let p = 0; p < pieces.length; p++) {
    const shape = pieces[p].shape;
    if (shape.longest > total.longest) {
      total.longest = shape.longest;
      total.longestAt = starts[p] + shape.longestAt;
    }
    if (shape.depth > total.depth) {
      total.depth = shape.depth;
      total.deepAt = starts[p] + shape.deepAt;
    }
    if (shape.stopped) {
      total.stopped = true;
      starts.length = pieces.length = p + 1;
      break;
    }
  }
  // A scan that stopped early does not cover the text: the next version starts afresh.
  Object.assign(cache, { text: total.stopped ? undefined : text, starts, pieces });
  return total;
}

/** Checks a document's text before it is parsed. Linear; never throws. */
export function checkInput(text: string, cache?: ShapeCache, change?: { readonly base: string; readonly window: TextWindow }): InputCheck {
  // What changed since the version the cache was made from; the checks below read that part only.
  const window = cache?.text !== undefined && !cache.control ? (change && change.base === cache.text ? change.window : textWindow(cache.text, text)) : undefined;
  if (cache) cache.control = false;
  if (text.length > MAX_DOCUMENT_CHARS) {
    if (cache) cache.text = undefined;
    return { skip: true, findings: [limitFinding(0, 0, 'size', `This file is ${mib(text.length)}, more than the ${mib(MAX_DOCUMENT_CHARS)} promfed analyses`)] };
  }
  const findings: Finding[] = [];
  // With a window, only the changed characters and the one either side (a surrogate pair may have been cut or
  // joined there) can have become control characters: the rest had none in the previous version.
  const control = window ? firstControl(text, Math.max(0, window.prefix - 1), Math.min(text.length, text.length - window.suffix + 1)) : CONTROL.exec(text);
  if (control) {
    const nul = text.indexOf('\0');
    const binary = nul >= 0;
    const at = binary ? nul : control.index;
    findings.push({
      code: 'yaml-syntax',
      start: at,
      end: at + (binary ? 1 : control[0].length),
      message: binary
        ? `This file contains NUL characters (${codePoint(text, at)}): it looks like binary data, not YAML, and promfed does not check it further (Prometheus: yaml: control characters are not allowed).`
        : `A control character (${codePoint(text, at)}) that YAML does not allow in a file (Prometheus: yaml: control characters are not allowed).`,
      data: { yamlCode: 'CONTROL_CHARACTER' },
    });
    if (cache) cache.control = true;
    if (binary) {
      if (cache) cache.text = undefined;
      return { skip: true, findings };
    }
  }
  const shape = scanShape(text, cache, window);
  if (shape.longest > MAX_LINE_CHARS) {
    findings.push(limitFinding(shape.longestAt, shape.longestAt, 'line-length', `This line is ${mib(shape.longest)} long, more than the ${mib(MAX_LINE_CHARS)} promfed analyses`));
    return { skip: true, findings };
  }
  if (shape.depth > MAX_NESTING) {
    findings.push(limitFinding(shape.deepAt, Math.min(text.length, shape.deepAt + 1), 'nesting', `Collections nest more than ${MAX_NESTING} levels deep here`));
    return { skip: true, findings };
  }
  return { skip: false, findings };
}

/**
 * The text the YAML parser reads: a lone CR becomes LF. LSP and yaml.v2 both count a lone CR as a line break,
 * the `yaml` package does not; the replacement keeps every offset.
 */
export function parserText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Cuts an over-long message; the code and range still say what and where. */
export function clipMessage(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
