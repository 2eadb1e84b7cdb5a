/**
 * A fast path for the plain block YAML most scrape jobs are written in: block mappings and sequences,
 * one-line plain and quoted scalars, one-line flow sequences, comments between keys. It builds the same
 * `yaml` nodes (ranges, values, scalar styles) the `yaml` package's composer would, several times faster,
 * and refuses (returns undefined) anything else, which then goes to the `yaml` package. The
 * incremental test and the chunk test compare both parsers node by node.
 *
 * A large file holds hundreds of thousands of these nodes, so they are kept small: every field sits in the
 * object itself (no per-node `Object.defineProperty`, no spilled properties), item lists have their exact
 * length, and a node keeps its range as three numbers, from which `range` (and a scalar's source token) is
 * made when read. So `node.range` is a new array at each read: change a range through `range = [...]`,
 * never in place.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type Document, type Node, type Schema } from 'yaml';
import { lineContentEnd } from './ranges';

type ScalarTag = { default?: boolean | 'key'; test?: RegExp; format?: string; resolve(value: string, onError: (m: string) => void, options: unknown): unknown };
type Range = [number, number, number];
type ScalarType = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';

/**
 * A scalar's CST source token, as `keepSourceTokens` leaves it: type, offset, indent and source. The fast path
 * leaves out `end` (the blanks, comment and line break after the scalar), which nothing here reads.
 */
export interface SourceToken {
  type: string;
  offset: number;
  indent: number;
  source: string;
  end?: SourceToken[];
}

/** Recently parsed plain scalars, by a hash of their text: the string, its tag and its value, shared by repeats. */
interface ScalarCache {
  readonly text: (string | undefined)[];
  readonly tag: ScalarTag[];
  readonly value: unknown[];
}

const CACHE_SIZE = 4096; // a power of two

function createCache(): ScalarCache {
  return { text: new Array<string | undefined>(CACHE_SIZE).fill(undefined), tag: new Array<ScalarTag>(CACHE_SIZE), value: new Array<unknown>(CACHE_SIZE).fill(undefined) };
}

/** What the fast parser needs from a real document: its schema (YAML 1.1 tags) and options. */
export interface FastContext {
  readonly schema: Schema;
  readonly tags: readonly ScalarTag[];
  readonly stringTag: ScalarTag;
  readonly options: Document['options'];
  /** Plain keys and plain values (most keys and many values repeat). */
  readonly keys: ScalarCache;
  readonly values: ScalarCache;
  readonly classes: CollectionClasses;
}

export function createFastContext(doc: Document): FastContext {
  const schema = doc.schema;
  const tags = (schema.tags as unknown as ScalarTag[]).filter((t) => !(t as { collection?: string }).collection);
  const stringTag = (schema as unknown as Record<symbol, ScalarTag>)[Symbol.for('yaml.scalar')];
  return { schema, tags, stringTag, options: doc.options, keys: createCache(), values: createCache(), classes: collectionClasses(schema) };
}

/** A fast node's range, kept in the node. */
export interface RangeFields {
  rangeStart: number;
  rangeValueEnd: number;
  rangeEnd: number;
}

/** Everything whose offsets move when the chunk moves: node ranges, source tokens and fast nodes. */
export interface OffsetHolders {
  readonly ranges: [number, number, number][];
  readonly tokens: { offset: number }[];
  readonly nodes?: readonly RangeFields[];
}

/**
 * Node classes that skip the per-node `Object.defineProperty` of the `yaml` constructors (a third of the
 * composer's time): the node-type symbol sits on the prototype instead, which inherits from the `yaml` class,
 * so `isScalar`, `isMap`, `instanceof` and `clone` behave the same.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
const RANGE: PropertyDescriptor = {
  get(this: RangeFields): Range {
    return [this.rangeStart, this.rangeValueEnd, this.rangeEnd];
  },
  set(this: RangeFields, range: Range) {
    this.rangeStart = range[0];
    this.rangeValueEnd = range[1];
    this.rangeEnd = range[2];
  },
  configurable: true,
};
function inherit(cls: { prototype: object }, base: { prototype: object }, type: symbol, extra: PropertyDescriptorMap = {}): void {
  Object.setPrototypeOf(cls.prototype, base.prototype);
  Object.defineProperties(cls.prototype, { [NODE_TYPE]: { value: type }, constructor: { value: base, writable: true, configurable: true }, range: RANGE, ...extra });
}

const TOKEN_TYPES: Record<ScalarType, string> = { PLAIN: 'scalar', QUOTE_SINGLE: 'single-quoted-scalar', QUOTE_DOUBLE: 'double-quoted-scalar' };

class FastScalar implements RangeFields {
  declare value: unknown;
  declare range: Range;
  declare rangeStart: number;
  declare rangeValueEnd: number;
  declare rangeEnd: number;
  declare source: string;
  declare type: ScalarType;
  declare format?: string;
  /** The source token's indent. */
  declare tokenIndent: number;
  /** The source token's text when a quoted scalar has escapes; otherwise it follows from `source`. */
  declare tokenSource: string | undefined;

  constructor(value: unknown, start: number, valueEnd: number, end: number, source: string, type: ScalarType, tokenIndent: number, tokenSource: string | undefined) {
    this.value = value;
    this.rangeStart = start;
    this.rangeValueEnd = valueEnd;
    this.rangeEnd = end;
    this.source = source;
    this.type = type;
    this.tokenIndent = tokenIndent;
    this.tokenSource = tokenSource;
  }

  /** The token `keepSourceTokens` would keep; its offset follows the range when the node moves. */
  get srcToken(): SourceToken {
    const type = this.type;
    let source = this.tokenSource;
    if (source === undefined) source = type === 'PLAIN' ? this.source : type === 'QUOTE_SINGLE' ? `'${this.source}'` : `"${this.source}"`;
    return { type: TOKEN_TYPES[type], offset: this.rangeStart, indent: this.tokenIndent, source };
  }
}
inherit(FastScalar, Scalar, Symbol.for('yaml.scalar'));

class FastPair {
  declare key: Node;
  declare value: Node;
  constructor(key: Node, value: Node) {
    this.key = key;
    this.value = value;
  }
}
inherit(FastPair, Pair, Symbol.for('yaml.pair'));

type FastMap = YAMLMap & RangeFields;
type FastSeq = YAMLSeq & RangeFields;

interface CollectionClasses {
  readonly Map: new (items: unknown[], start: number, valueEnd: number, end: number) => FastMap;
  readonly Seq: new (items: unknown[], start: number, valueEnd: number, end: number) => FastSeq;
}

/** Map and sequence classes for one schema, which their prototype holds (a `yaml` collection has its own). */
function collectionClasses(schema: Schema): CollectionClasses {
  class FastCollection implements RangeFields {
    declare items: unknown[];
    declare rangeStart: number;
    declare rangeValueEnd: number;
    declare rangeEnd: number;
    constructor(items: unknown[], start: number, valueEnd: number, end: number) {
      this.items = items;
      this.rangeStart = start;
      this.rangeValueEnd = valueEnd;
      this.rangeEnd = end;
    }
  }
  class FastMap extends FastCollection {}
  class FastSeq extends FastCollection {}
  const own = { schema: { value: schema, configurable: true, enumerable: false, writable: true } };
  inherit(FastMap, YAMLMap, Symbol.for('yaml.map'), own);
  inherit(FastSeq, YAMLSeq, Symbol.for('yaml.seq'), own);
  return { Map: FastMap as unknown as CollectionClasses['Map'], Seq: FastSeq as unknown as CollectionClasses['Seq'] };
}

class Refuse extends Error {}
/** One instance: refusing is control flow, no stack trace needed. */
const REFUSED = new Refuse('refused');
const refuse = (): never => {
  throw REFUSED;
};

const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;

/**
 * The lines of the item being parsed: start, end (before the line break), first non-space character (`end`
 * for a blank line) and kind. Shared by every parse (a parse runs to completion before the next one starts).
 */
let lineStart = new Int32Array(256);
let lineEnd = new Int32Array(256);
let lineContent = new Int32Array(256);
let lineKind = new Uint8Array(256);

function growLines(): void {
  const n = lineStart.length * 2;
  const grow = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
    to.set(from);
    return to;
  };
  lineStart = grow(lineStart, new Int32Array(n));
  lineEnd = grow(lineEnd, new Int32Array(n));
  lineContent = grow(lineContent, new Int32Array(n));
  lineKind = grow(lineKind, new Uint8Array(n));
}

/**
 * text[from, to) as a string of its own. V8 makes a long substring a view that keeps the whole text alive, and
 * the nodes of a job kept across versions would keep the text of the version that parsed them.
 */
function copyOf(text: string, from: number, to: number): string {
  // V8 copies a substring shorter than 13 characters; join builds a new string.
  return to - from < 13 ? text.slice(from, to) : [text.slice(from, from + 1), text.slice(from + 1, to)].join('');
}

/** Items of the collections being built, innermost last; each collection takes its own off the top. */
const stack: unknown[] = [];
/** The nodes of the parse under way. */
const nodes: RangeFields[] = [];

function takeItems(base: number): unknown[] {
  const items = stack.slice(base);
  stack.length = base;
  return items;
}

function charTable(chars: string, codes: (c: number) => boolean = () => false): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (codes(c) || chars.includes(String.fromCharCode(c))) table[c] = 1;
  return table;
}
const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** A plain key: [A-Za-z0-9_][A-Za-z0-9_.\-/[\]]* */
const KEY_START = charTable('', isAlnum);
const KEY_CHAR = charTable('.-/[]', isAlnum);
const NOT_PLAIN_START = charTable('[]{}#&*!|>\'"%@`,?:-');
/** Where a plain scalar in a flow sequence ends. */
const FLOW_STOP = charTable(',[]{}#: ');

/** `\x` escapes of a double-quoted scalar the fast path decodes, by the code of `x`. */
const ESCAPES: (string | undefined)[] = [];
for (const [e, v] of Object.entries({ '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' })) ESCAPES[e.charCodeAt(0)] = v;

class FastParser {
  /** Lines of the item. */
  private n = 0;
  private i = 0;
  /** Where the last scanned quoted scalar ends. */
  private quoteEnd = 0;

  constructor(
    private readonly text: string,
    private readonly ctx: FastContext,
  ) {}

  /** Parses the one sequence item in text[from, to): `<indent>- ...`. Returns the item's node. */
  parseItem(from: number, to: number): Node {
    const t = this.text;
    let n = 0;
    for (let at = from; at < to; ) {
      let nl = t.indexOf('\n', at);
      if (nl < 0 || nl >= to) nl = to;
      // The job split lets no CR through but a CRLF's.
      const end = lineContentEnd(t, at, nl);
      let c = at;
      while (c < end && t.charCodeAt(c) === 32) c++;
      if (c < end && t.charCodeAt(c) === 9) refuse();
      if (n === lineStart.length) growLines();
      lineStart[n] = at;
      lineEnd[n] = end;
      lineContent[n] = c;
      lineKind[n] = c === end ? BLANK : t.charCodeAt(c) === 35 /* # */ ? COMMENT : CONTENT;
      n++;
      at = nl + 1;
    }
    this.n = n;
    this.skipBlank();
    const first = this.i;
    if (first >= n || t.charCodeAt(lineContent[first]) !== 45 /* - */) refuse();
    const node = this.parseSeqItem(first, this.indentOf(first));
    this.skipBlank();
    if (this.i < n) refuse(); // trailing comments or text: the `yaml` package decides
    return node;
  }

  private skipBlank(): void {
    while (this.i < this.n && lineKind[this.i] === BLANK) this.i++;
  }

  /** The next content line from `i`, skipping blank and comment lines; -1 when there is none. */
  private peek(): number {
    for (let j = this.i; j < this.n; j++) if (lineKind[j] === CONTENT) return j;
    return -1;
  }

  private indentOf(l: number): number {
    return lineContent[l] - lineStart[l];
  }

  /** A `-` indicator at `at`: followed by a space or the line end. */
  private isDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === 45 && (at + 1 >= end || this.text.charCodeAt(at + 1) === 32);
  }

  /** `- ` at column `dashCol` of line `l`; returns the item's node. */
  private parseSeqItem(l: number, dashCol: number): Node {
    const t = this.text;
    const end = lineEnd[l];
    const dash = lineStart[l] + dashCol;
    if (!this.isDash(dash, end)) refuse();
    let c = dash + 1;
    while (c < end && t.charCodeAt(c) === 32) c++;
    if (c >= end || t.charCodeAt(c) === 35) {
      // The item's content is on the lines below (or it is empty: let the `yaml` package decide).
      this.i++;
      const next = this.peekSkippingComments();
      if (next < 0 || this.indentOf(next) <= dashCol) refuse();
      this.i = next;
      return this.parseBlockNode(next, this.indentOf(next));
    }
    if (c !== dash + 2) refuse();
    if (this.isDash(c, end)) refuse();
    const key = this.tryKey(c, end, dashCol + 2);
    if (key) return this.parseMap(l, c - lineStart[l], key);
    const value = this.parseInlineValue(c, l, dashCol + 2);
    this.i++;
    this.expectDedent(dashCol);
    return value;
  }

  /** The next content line, which no comment line may precede; -1 when there is none. */
  private peekSkippingComments(): number {
    const l = this.peek();
    if (l >= 0) for (let j = this.i; j < l; j++) if (lineKind[j] === COMMENT) refuse();
    return l;
  }

  /** After a value on one line, the next content line must not be deeper (that would be a multi-line scalar). */
  private expectDedent(col: number): void {
    const next = this.peek();
    if (next >= 0 && this.indentOf(next) > col) refuse();
  }

  private parseBlockNode(l: number, col: number): Node {
    if (this.isDash(lineContent[l], lineEnd[l])) return this.parseSeq(col);
    const key = this.tryKey(lineContent[l], lineEnd[l], col);
    if (!key) refuse();
    return this.parseMap(l, col, key!);
  }

  private parseSeq(col: number): YAMLSeq {
    const base = stack.length;
    let start = -1;
    let end = 0;
    for (;;) {
      const l = this.peekSkippingComments();
      if (l < 0 || this.indentOf(l) !== col || !this.isDash(lineContent[l], lineEnd[l])) break;
      this.i = l;
      if (start < 0) start = lineContent[l];
      const item = this.parseSeqItem(l, col);
      stack.push(item);
      end = (item as unknown as RangeFields).rangeEnd;
      const next = this.peek();
      if (next >= 0 && this.indentOf(next) > col) refuse();
    }
    const seq = new this.ctx.classes.Seq(takeItems(base), start, end, end);
    nodes.push(seq);
    return seq;
  }

  /** A block mapping whose first key starts at column `col` of line `l` (after `- ` for a compact one). */
  private parseMap(l: number, col: number, firstKey: FastScalar): YAMLMap {
    const base = stack.length;
    let key = firstKey;
    let current = l;
    let end = 0;
    for (;;) {
      const value = this.parsePairValue(key, current, col);
      stack.push(new FastPair(key as unknown as Node, value));
      end = (value as unknown as RangeFields).rangeEnd;
      // The next key of this mapping: same column; comments only between keys at that column.
      let j = this.i;
      let sawComment = false;
      for (; j < this.n && lineKind[j] !== CONTENT; j++) {
        if (lineKind[j] !== COMMENT) continue;
        if (this.indentOf(j) !== col) refuse();
        sawComment = true;
      }
      if (j >= this.n || this.indentOf(j) < col) {
        if (sawComment) refuse();
        break;
      }
      if (this.indentOf(j) > col) refuse();
      if (this.isDash(lineContent[j], lineEnd[j])) refuse();
      this.i = j;
      current = j;
      const next = this.tryKey(lineContent[j], lineEnd[j], col);
      if (!next) refuse();
      key = next!;
    }
    const map = new this.ctx.classes.Map(takeItems(base), firstKey.rangeStart, end, end);
    nodes.push(map);
    return map;
  }

  /** The value after `key:` on line `l`; leaves `i` after the value's last line. */
  private parsePairValue(key: FastScalar, l: number, col: number): Node {
    const t = this.text;
    const end = lineEnd[l];
    const colon = key.rangeValueEnd;
    let c = colon + 1;
    while (c < end && t.charCodeAt(c) === 32) c++;
    if (c < end && t.charCodeAt(c) !== 35) {
      if (c === colon + 1) refuse();
      const value = this.parseInlineValue(c, l, col);
      this.i++;
      this.expectDedent(col);
      return value;
    }
    if (c < end) refuse(); // `key: # comment` then a value below: let the `yaml` package place it
    this.i++;
    const next = this.peekSkippingComments();
    if (next >= 0 && (this.indentOf(next) > col || (this.indentOf(next) === col && this.isDash(lineContent[next], lineEnd[next])))) {
      this.i = next;
      return this.parseBlockNode(next, this.indentOf(next));
    }
    // `key:` with nothing: the `yaml` package composes the empty value (its null tag returns a node of its own).
    return refuse();
  }

  /** A key at `at` followed by `:` and a space or the line end, or undefined. */
  private tryKey(at: number, lineEnd: number, indent: number): FastScalar | undefined {
    const t = this.text;
    const q = t.charCodeAt(at);
    if (q === 39 /* ' */ || q === 34 /* " */) {
      const value = this.scanQuoted(at, lineEnd);
      if (value === undefined) return undefined;
      const end = this.quoteEnd;
      if (!this.endsKey(end, lineEnd)) return undefined;
      return this.quotedScalar(value, at, end, end, indent, q);
    }
    if (!(q < 128 && KEY_START[q])) return undefined;
    let h = q;
    let end = at + 1;
    for (let ch = t.charCodeAt(end); ch < 128 && KEY_CHAR[ch]; ch = t.charCodeAt(++end)) h = (Math.imul(h, 31) + ch) | 0;
    if (!this.endsKey(end, lineEnd)) return undefined;
    return this.plainScalar(at, end, h, end, indent, true);
  }

  /** `:` at `end`, then a space or the line end. */
  private endsKey(end: number, lineEnd: number): boolean {
    const t = this.text;
    return t.charCodeAt(end) === 58 /* : */ && (end + 1 >= lineEnd || t.charCodeAt(end + 1) === 32);
  }

  /** A plain scalar text[at, end) whose text hashes to `hash`. */
  private plainScalar(at: number, end: number, hash: number, rangeEnd: number, indent: number, atKey: boolean): FastScalar {
    const t = this.text;
    const cache = atKey ? this.ctx.keys : this.ctx.values;
    const slot = hash & (CACHE_SIZE - 1);
    let source = cache.text[slot];
    let tag: ScalarTag;
    let value: unknown;
    if (source !== undefined && source.length === end - at && t.startsWith(source, at)) {
      tag = cache.tag[slot];
      value = cache.value[slot];
    } else {
      source = copyOf(t, at, end);
      tag = this.findTag(source, atKey);
      if (atKey && source === '<<') refuse();
      value = this.resolve(tag, source);
      // A value that is an object (a timestamp's Date) must not be shared.
      if (value === null || typeof value !== 'object') {
        cache.text[slot] = source;
        cache.tag[slot] = tag;
        cache.value[slot] = value;
      }
    }
    const scalar = new FastScalar(value, at, end, rangeEnd, source, 'PLAIN', indent, undefined);
    if (tag.format) scalar.format = tag.format;
    nodes.push(scalar);
    return scalar;
  }

  /** A quoted scalar text[at, end) that decodes to `value`; `q` is the code of its quote. */
  private quotedScalar(value: string, at: number, end: number, rangeEnd: number, indent: number, q: number): FastScalar {
    const tag = this.ctx.stringTag;
    // Every escape is two characters for one: without any, the source is the value in its quotes.
    const tokenSource = end - at === value.length + 2 ? undefined : copyOf(this.text, at, end);
    const scalar = new FastScalar(this.resolve(tag, value), at, end, rangeEnd, value, q === 39 ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', indent, tokenSource);
    if (tag.format) scalar.format = tag.format;
    nodes.push(scalar);
    return scalar;
  }

  /** The tag's value for `source`; a tag that answers with a node of its own (null, booleans) gives its value. */
  private resolve(tag: ScalarTag, source: string): unknown {
    const res = tag.resolve(source, refuse, this.ctx.options);
    if (!(res instanceof Scalar)) return res;
    if (Object.keys(res).length !== 1) refuse();
    return res.value;
  }

  private findTag(value: string, atKey: boolean): ScalarTag {
    for (const tag of this.ctx.tags) {
      if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(value)) return tag;
    }
    return this.ctx.stringTag;
  }

  /** A quoted scalar closed on the same line: its decoded value (and its end in `quoteEnd`), or undefined. */
  private scanQuoted(at: number, lineEnd: number): string | undefined {
    const t = this.text;
    const q = t.charCodeAt(at);
    let value = '';
    let from = at + 1;
    for (let c = from; ; ) {
      if (c >= lineEnd) return undefined;
      const ch = t.charCodeAt(c);
      if (ch === q) {
        if (q === 39 && t.charCodeAt(c + 1) === 39) {
          value += t.slice(from, c + 1);
          c += 2;
          from = c;
          continue;
        }
        this.quoteEnd = c + 1;
        return value === '' ? copyOf(t, from, c) : [value, t.slice(from, c)].join('');
      }
      if (q === 34 && ch === 92 /* \ */) {
        const e = ESCAPES[t.charCodeAt(c + 1)];
        if (e === undefined) return undefined;
        value += t.slice(from, c) + e;
        c += 2;
        from = c;
        continue;
      }
      c++;
    }
  }

  /** A scalar or flow sequence starting at `at` on line `l`, running to the end of the line (or a comment). */
  private parseInlineValue(at: number, l: number, indent: number): Node {
    const t = this.text;
    const lineEnd_ = lineEnd[l];
    const first = t.charCodeAt(at);
    if (first === 91 /* [ */) return this.parseFlowSeq(at, l, indent) as unknown as Node;
    if (first === 39 || first === 34) {
      const value = this.scanQuoted(at, lineEnd_);
      if (value === undefined) refuse();
      const end = this.quoteEnd;
      return this.quotedScalar(value!, at, end, this.lineTail(end, l), indent, first) as unknown as Node;
    }
    if (first < 128 && NOT_PLAIN_START[first] && !(first === 45 && t.charCodeAt(at + 1) !== 32 && at + 1 < lineEnd_)) refuse();
    // A plain scalar: to a ` #` comment or the line end, trailing blanks trimmed; `: ` inside is a mapping.
    let end = at;
    let hash = 0;
    let endHash = 0;
    for (let c = at; c < lineEnd_; c++) {
      const ch = t.charCodeAt(c);
      if (ch === 35 /* # */ && t.charCodeAt(c - 1) === 32) break;
      if (ch === 58 /* : */ && (c + 1 >= lineEnd_ || t.charCodeAt(c + 1) === 32)) refuse();
      hash = (Math.imul(hash, 31) + ch) | 0;
      if (ch !== 32) {
        end = c + 1;
        endHash = hash;
      }
    }
    return this.plainScalar(at, end, endHash, this.lineTail(end, l), indent, false) as unknown as Node;
  }

  /** Where a value's range ends: after the blanks, comment and line break that follow it. */
  private lineTail(from: number, l: number): number {
    const t = this.text;
    const end = lineEnd[l];
    let c = from;
    while (c < end && t.charCodeAt(c) === 32) c++;
    if (c < end && (t.charCodeAt(c) !== 35 || c === from)) refuse();
    // After the line break, CRLF or LF.
    if (end >= t.length) return end;
    return t.charCodeAt(end) === 13 ? end + 2 : end + 1;
  }

  /** `[a, 'b', "c"]` on one line. */
  private parseFlowSeq(at: number, l: number, indent: number): YAMLSeq {
    const t = this.text;
    const end = lineEnd[l];
    const base = stack.length;
    let c = at + 1;
    while (t.charCodeAt(c) === 32) c++;
    if (t.charCodeAt(c) !== 93 /* ] */) {
      for (;;) {
        if (c >= end) refuse();
        const first = t.charCodeAt(c);
        let itemEnd: number;
        if (first === 39 || first === 34) {
          const value = this.scanQuoted(c, end);
          if (value === undefined) refuse();
          itemEnd = this.quoteEnd;
          stack.push(this.quotedScalar(value!, c, itemEnd, itemEnd, indent, first));
        } else {
          if (first < 128 && NOT_PLAIN_START[first]) refuse();
          let hash = 0;
          itemEnd = c;
          for (let ch = t.charCodeAt(itemEnd); itemEnd < end && !(ch < 128 && FLOW_STOP[ch]); ch = t.charCodeAt(++itemEnd)) hash = (Math.imul(hash, 31) + ch) | 0;
          stack.push(this.plainScalar(c, itemEnd, hash, itemEnd, indent, false));
        }
        c = itemEnd;
        if (t.charCodeAt(c) === 93) break;
        if (t.charCodeAt(c) !== 44 /* , */ || t.charCodeAt(c + 1) !== 32) refuse();
        c += 2;
        while (t.charCodeAt(c) === 32) c++;
        if (t.charCodeAt(c) === 93 || t.charCodeAt(c) === 44) refuse();
      }
    }
    const close = c + 1;
    const seq = new this.ctx.classes.Seq(takeItems(base), at, close, this.lineTail(close, l));
    nodes.push(seq);
    seq.flow = true;
    return seq;
  }
}

/**
 * Parses the sequence item text[from, to) (a scrape job) with the fast path. `nextDash` is where the next
 * item's `-` is. Undefined when the item uses YAML the fast path does not handle.
 */
export function parseItemFast(text: string, from: number, to: number, nextDash: number, ctx: FastContext): { node: Node; holders: OffsetHolders } | undefined {
  void nextDash;
  stack.length = 0;
  nodes.length = 0;
  try {
    const node = new FastParser(text, ctx).parseItem(from, to);
    return { node, holders: { ranges: [], tokens: [], nodes: nodes.slice() } };
  } catch (e) {
    if (e instanceof Refuse) return undefined;
    throw e;
  } finally {
    stack.length = 0;
    nodes.length = 0;
  }
}
