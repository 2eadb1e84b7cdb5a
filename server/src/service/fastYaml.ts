/**
 * A fast path for the plain block YAML most scrape jobs are written in: block mappings and sequences,
 * one-line plain and quoted scalars, one-line flow sequences, comments between keys. It builds the same
 * `yaml` nodes (ranges, values, scalar styles) the `yaml` package's composer would, several times faster,
 * and refuses (returns undefined) anything else, which then goes to the `yaml` package. The
 * incremental test and the chunk test compare both parsers node by node.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type Document, type Node, type Schema } from 'yaml';

type ScalarTag = { default?: boolean | 'key'; test?: RegExp; format?: string; resolve(value: string, onError: (m: string) => void, options: unknown): unknown };

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

/** What the fast parser needs from a real document: its schema (YAML 1.1 tags) and options. */
export interface FastContext {
  readonly schema: Schema;
  readonly tags: readonly ScalarTag[];
  readonly stringTag: ScalarTag;
  readonly options: Document['options'];
  /** Which tag resolves a plain scalar, by its text (most keys and many values repeat). */
  readonly keyTags: Map<string, ScalarTag>;
  readonly valueTags: Map<string, ScalarTag>;
}

export function createFastContext(doc: Document): FastContext {
  const schema = doc.schema;
  const tags = (schema.tags as unknown as ScalarTag[]).filter((t) => !(t as { collection?: string }).collection);
  const stringTag = (schema as unknown as Record<symbol, ScalarTag>)[Symbol.for('yaml.scalar')];
  return { schema, tags, stringTag, options: doc.options, keyTags: new Map(), valueTags: new Map() };
}

/** Everything whose offsets move when the chunk moves: node ranges and source tokens. */
export interface OffsetHolders {
  readonly ranges: [number, number, number][];
  readonly tokens: { offset: number }[];
}

/**
 * Node factories that skip the per-node `Object.defineProperty` of the `yaml` constructors (a third of the
 * composer's time): the node-type symbol sits on a shared prototype instead, so `isScalar`, `isMap`, `instanceof`
 * and `clone` behave the same.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');
function fastPrototype<T extends object>(base: T, type: symbol, extra: PropertyDescriptorMap = {}): T {
  return Object.create(base, { [NODE_TYPE]: { value: type }, ...extra });
}
const prototypes = new WeakMap<Schema, { map: YAMLMap; seq: YAMLSeq }>();
const scalarPrototype = fastPrototype(Scalar.prototype, Symbol.for('yaml.scalar'));
const pairPrototype = fastPrototype(Pair.prototype, Symbol.for('yaml.pair'));

function newScalar(value: unknown): Scalar {
  const s = Object.create(scalarPrototype) as Scalar;
  s.value = value;
  return s;
}
function newPair(key: Node, value: Node): Pair {
  const p = Object.create(pairPrototype) as Pair;
  p.key = key;
  p.value = value;
  return p;
}
function collectionPrototypes(schema: Schema): { map: YAMLMap; seq: YAMLSeq } {
  let protos = prototypes.get(schema);
  if (!protos) {
    const own = { schema: { value: schema, configurable: true, enumerable: false, writable: true } };
    protos = {
      map: fastPrototype(YAMLMap.prototype, Symbol.for('yaml.map'), own),
      seq: fastPrototype(YAMLSeq.prototype, Symbol.for('yaml.seq'), own),
    };
    prototypes.set(schema, protos);
  }
  return protos;
}

class Refuse extends Error {}
const refuse = (): never => {
  throw new Refuse();
};

interface Line {
  readonly start: number;
  /** Before the line break. */
  readonly end: number;
  /** Offset of the first non-space character, or `end` for a blank line. */
  readonly content: number;
  readonly kind: 'blank' | 'comment' | 'content';
}

const PLAIN_KEY = /[A-Za-z0-9_][A-Za-z0-9_.\-/[\]]*/y;
const NOT_PLAIN_START = new Set(['[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', ',', '?', ':', '-']);

class FastParser {
  private lines: Line[] = [];
  private i = 0;
  readonly holders: OffsetHolders = { ranges: [], tokens: [] };
  private readonly protos: { map: YAMLMap; seq: YAMLSeq };

  constructor(
    private readonly text: string,
    private readonly ctx: FastContext,
  ) {
    this.protos = collectionPrototypes(ctx.schema);
  }

  private newMap(): YAMLMap {
    const m = Object.create(this.protos.map) as YAMLMap;
    m.items = [];
    return m;
  }

  private newSeq(): YAMLSeq {
    const s = Object.create(this.protos.seq) as YAMLSeq;
    s.items = [];
    return s;
  }

  /** Parses the one sequence item in text[from, to): `<indent>- ...`. Returns the item's node. */
  parseItem(from: number, to: number, nextDash: number): Node {
    const t = this.text;
    for (let at = from; at < to; ) {
      let nl = t.indexOf('\n', at);
      if (nl < 0 || nl >= to) nl = to;
      let c = at;
      while (c < nl && t.charCodeAt(c) === 32) c++;
      if (c < nl && (t.charCodeAt(c) === 9 || t.charCodeAt(nl - 1) === 13)) refuse();
      const kind = c === nl ? 'blank' : t[c] === '#' ? 'comment' : 'content';
      this.lines.push({ start: at, end: nl, content: c, kind });
      at = nl + 1;
    }
    this.skipBlank();
    const first = this.lines[this.i];
    const dashCol = first.content - first.start;
    if (t[first.content] !== '-') refuse();
    const node = this.parseSeqItem(first, dashCol);
    this.skipBlank();
    if (this.i < this.lines.length) refuse(); // trailing comments or text: the `yaml` package decides
    void nextDash;
    return node;
  }

  private skipBlank(): void {
    while (this.i < this.lines.length && this.lines[this.i].kind === 'blank') this.i++;
  }

  /** The next content line, skipping blank lines; comments refuse unless `allowComments`. */
  private peek(): Line | undefined {
    for (let j = this.i; j < this.lines.length; j++) {
      const l = this.lines[j];
      if (l.kind === 'content') return l;
    }
    return undefined;
  }

  private indentOf(l: Line): number {
    return l.content - l.start;
  }

  /** A `-` indicator at `at`: followed by a space or the line end. */
  private isDash(at: number, lineEnd: number): boolean {
    return this.text[at] === '-' && (at + 1 >= lineEnd || this.text.charCodeAt(at + 1) === 32);
  }

  /** `- ` at `dash` on `line`; returns the item's node. */
  private parseSeqItem(line: Line, dashCol: number): Node {
    const t = this.text;
    const dash = line.start + dashCol;
    if (!this.isDash(dash, line.end)) refuse();
    let c = dash + 1;
    while (c < line.end && t.charCodeAt(c) === 32) c++;
    if (c >= line.end || t[c] === '#') {
      // The item's content is on the lines below (or it is empty: let the `yaml` package decide).
      this.i++;
      const next = this.peekSkippingComments();
      if (!next || this.indentOf(next) <= dashCol) refuse();
      this.i = this.lines.indexOf(next!, this.i);
      return this.parseBlockNode(next!, this.indentOf(next!));
    }
    if (c !== dash + 2) refuse();
    if (this.isDash(c, line.end)) refuse();
    const key = this.tryKey(c, line.end, dashCol + 2);
    if (key) return this.parseMap(line, c - line.start, key);
    const value = this.parseInlineValue(c, line, dashCol + 2);
    this.i++;
    this.expectDedent(dashCol);
    return value;
  }

  private peekSkippingComments(): Line | undefined {
    const l = this.peek();
    if (l) for (let j = this.i; this.lines[j] !== l; j++) if (this.lines[j].kind === 'comment') refuse();
    return l;
  }

  /** After a value on one line, the next content line must not be deeper (that would be a multi-line scalar). */
  private expectDedent(col: number): void {
    const next = this.peek();
    if (next && this.indentOf(next) > col) refuse();
  }

  private parseBlockNode(line: Line, col: number): Node {
    if (this.isDash(line.content, line.end)) return this.parseSeq(col);
    const key = this.tryKey(line.content, line.end, col);
    if (!key) refuse();
    return this.parseMap(line, col, key!);
  }

  private parseSeq(col: number): YAMLSeq {
    const seq = this.newSeq();
    let start = -1;
    let end = 0;
    for (;;) {
      const line = this.peekSkippingComments();
      if (!line || this.indentOf(line) !== col || !this.isDash(line.content, line.end)) break;
      this.i = this.lines.indexOf(line, this.i);
      if (start < 0) start = line.content;
      const item = this.parseSeqItem(line, col);
      seq.items.push(item);
      end = item.range![2];
      const next = this.peek();
      if (next && this.indentOf(next) > col) refuse();
    }
    seq.range = [start, end, end];
    this.holders.ranges.push(seq.range);
    return seq;
  }

  /** A block mapping whose first key starts at column `col` of `line` (after `- ` for a compact one). */
  private parseMap(line: Line, col: number, firstKey: Scalar): YAMLMap {
    const map = this.newMap();
    let key: Scalar | undefined = firstKey;
    let current = line;
    let end = 0;
    for (;;) {
      const pair = this.parsePairValue(key!, current, col);
      map.items.push(pair);
      const v = pair.value as Node;
      end = v.range![2];
      // The next key of this mapping: same column; comments only between keys at that column.
      let j = this.i;
      while (j < this.lines.length && this.lines[j].kind !== 'content') {
        const l = this.lines[j];
        if (l.kind === 'comment' && this.indentOf(l) !== col) refuse();
        j++;
      }
      const next = this.lines[j];
      const sawComment = this.lines.slice(this.i, j).some((l) => l.kind === 'comment');
      if (!next || this.indentOf(next) < col) {
        if (sawComment) refuse();
        break;
      }
      if (this.indentOf(next) > col) refuse();
      if (this.isDash(next.content, next.end)) refuse();
      this.i = j;
      current = next;
      key = this.tryKey(next.content, next.end, col);
      if (!key) refuse();
    }
    map.range = [firstKey.range![0], end, end];
    this.holders.ranges.push(map.range);
    return map;
  }

  /** The value after `key:` on `line`; leaves `i` after the value's last line. */
  private parsePairValue(key: Scalar, line: Line, col: number): Pair {
    const t = this.text;
    let c = key.range![1] + 1; // after ':'
    while (c < line.end && t.charCodeAt(c) === 32) c++;
    if (c < line.end && t[c] !== '#') {
      if (c === key.range![1] + 1) refuse();
      const value = this.parseInlineValue(c, line, col);
      this.i++;
      this.expectDedent(col);
      return newPair(key, value);
    }
    if (c < line.end) refuse(); // `key: # comment` then a value below: let the `yaml` package place it
    this.i++;
    const next = this.peekSkippingComments();
    if (next && (this.indentOf(next) > col || (this.indentOf(next) === col && this.isDash(next.content, next.end)))) {
      this.i = this.lines.indexOf(next, this.i);
      return newPair(key, this.parseBlockNode(next, this.indentOf(next)));
    }
    // `key:` with nothing: a null scalar right after the colon.
    if (c !== line.end) refuse();
    const at = key.range![1] + 1;
    const empty = newScalar(null);
    empty.range = [at, at, at];
    empty.source = '';
    empty.type = 'PLAIN';
    this.holders.ranges.push(empty.range);
    return newPair(key, this.resolvePlainNull(empty));
  }

  private resolvePlainNull(s: Scalar): Scalar {
    const tag = this.findTag('', false);
    const res = tag.resolve('', () => refuse(), this.ctx.options);
    if (res !== null) refuse();
    return s;
  }

  /** A key at `at` followed by `:` and a space or the line end, or undefined. */
  private tryKey(at: number, lineEnd: number, indent: number): Scalar | undefined {
    const t = this.text;
    let end: number;
    let type: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';
    let value: string;
    const q = t[at];
    if (q === "'" || q === '"') {
      const r = this.scanQuoted(at, lineEnd);
      if (!r) return undefined;
      [end, value] = r;
      type = q === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
    } else {
      PLAIN_KEY.lastIndex = at;
      if (!PLAIN_KEY.test(t)) return undefined;
      end = PLAIN_KEY.lastIndex;
      value = t.slice(at, end);
      type = 'PLAIN';
    }
    if (t[end] !== ':') return undefined;
    const after = t.charCodeAt(end + 1);
    if (end + 1 < lineEnd && after !== 32) return undefined;
    const source = type === 'PLAIN' ? value : t.slice(at, end);
    const token: SourceToken = { type: type === 'PLAIN' ? 'scalar' : type === 'QUOTE_SINGLE' ? 'single-quoted-scalar' : 'double-quoted-scalar', offset: at, indent, source };
    const scalar = this.makeScalar(value, type, [at, end, end], token, true);
    return scalar;
  }

  private makeScalar(value: string, type: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE', range: [number, number, number], token: SourceToken, atKey: boolean): Scalar {
    const tag = type === 'PLAIN' ? this.findTag(value, atKey) : this.ctx.stringTag;
    if (atKey && type === 'PLAIN' && value === '<<') refuse();
    const res = tag.resolve(value, () => refuse(), this.ctx.options);
    const scalar = res instanceof Scalar ? res : newScalar(res);
    scalar.range = range;
    scalar.source = value;
    scalar.type = type;
    if (tag.format) scalar.format = tag.format;
    (scalar as { srcToken?: SourceToken }).srcToken = token;
    this.holders.ranges.push(range);
    this.holders.tokens.push(token);
    return scalar;
  }

  private findTag(value: string, atKey: boolean): ScalarTag {
    const cache = atKey ? this.ctx.keyTags : this.ctx.valueTags;
    let found = cache.get(value);
    if (found) return found;
    found = this.ctx.stringTag;
    for (const tag of this.ctx.tags) {
      if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(value)) {
        found = tag;
        break;
      }
    }
    if (cache.size > 50_000) cache.clear();
    cache.set(value, found);
    return found;
  }

  /** A quoted scalar closed on the same line: [end offset, decoded value], or undefined. */
  private scanQuoted(at: number, lineEnd: number): [number, string] | undefined {
    const t = this.text;
    const q = t[at];
    let value = '';
    let c = at + 1;
    for (;;) {
      if (c >= lineEnd) return undefined;
      const ch = t[c];
      if (ch === q) {
        if (q === "'" && t[c + 1] === "'") {
          value += "'";
          c += 2;
          continue;
        }
        return [c + 1, value];
      }
      if (q === '"' && ch === '\\') {
        const e = t[c + 1];
        const simple: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };
        if (e === undefined || !(e in simple)) return undefined;
        value += simple[e];
        c += 2;
        continue;
      }
      value += ch;
      c++;
    }
  }

  /** A scalar or flow sequence starting at `at` on `line`, running to the end of the line (or a comment). */
  private parseInlineValue(at: number, line: Line, indent: number): Node {
    const t = this.text;
    if (t[at] === '[') return this.parseFlowSeq(at, line, indent);
    let end: number;
    let value: string;
    let type: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';
    if (t[at] === "'" || t[at] === '"') {
      const r = this.scanQuoted(at, line.end);
      if (!r) refuse();
      [end, value] = r!;
      type = t[at] === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
    } else {
      if (NOT_PLAIN_START.has(t[at]) && !(t[at] === '-' && t.charCodeAt(at + 1) !== 32 && at + 1 < line.end)) refuse();
      // A plain scalar: to a ` #` comment or the line end, trailing blanks trimmed; `: ` inside is a mapping.
      let c = at;
      end = at;
      while (c < line.end) {
        const ch = t.charCodeAt(c);
        if (ch === 35 /* # */ && t.charCodeAt(c - 1) === 32) break;
        if (ch === 58 /* : */ && (c + 1 >= line.end || t.charCodeAt(c + 1) === 32)) refuse();
        if (ch !== 32) end = c + 1;
        c++;
      }
      value = t.slice(at, end);
      type = 'PLAIN';
    }
    const token: SourceToken = { type: type === 'PLAIN' ? 'scalar' : type === 'QUOTE_SINGLE' ? 'single-quoted-scalar' : 'double-quoted-scalar', offset: at, indent, source: type === 'PLAIN' ? value : t.slice(at, end) };
    const rangeEnd = this.lineTail(end, line);
    return this.makeScalar(value, type, [at, end, rangeEnd], token, false);
  }

  /** Where a value's range ends: after the blanks, comment and line break that follow it. */
  private lineTail(from: number, line: Line): number {
    const t = this.text;
    let c = from;
    while (c < line.end && t.charCodeAt(c) === 32) c++;
    if (c < line.end && (t.charCodeAt(c) !== 35 /* # */ || c === from)) refuse();
    return line.end < t.length ? line.end + 1 : line.end;
  }

  /** `[a, 'b', "c"]` on one line. */
  private parseFlowSeq(at: number, line: Line, indent: number): YAMLSeq {
    const t = this.text;
    const seq = this.newSeq();
    seq.flow = true;
    let c = at + 1;
    while (t.charCodeAt(c) === 32) c++;
    if (t[c] !== ']') {
      for (;;) {
        if (c >= line.end) refuse();
        let end: number;
        let value: string;
        let type: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE';
        if (t[c] === "'" || t[c] === '"') {
          const r = this.scanQuoted(c, line.end);
          if (!r) refuse();
          [end, value] = r!;
          type = t[c] === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE';
        } else {
          if (NOT_PLAIN_START.has(t[c])) refuse();
          end = c;
          while (end < line.end && !',[]{}#: '.includes(t[end])) end++;
          value = t.slice(c, end);
          type = 'PLAIN';
        }
        const token: SourceToken = { type: type === 'PLAIN' ? 'scalar' : type === 'QUOTE_SINGLE' ? 'single-quoted-scalar' : 'double-quoted-scalar', offset: c, indent, source: type === 'PLAIN' ? value : t.slice(c, end) };
        seq.items.push(this.makeScalar(value, type, [c, end, end], token, false));
        c = end;
        if (t[c] === ']') break;
        if (t[c] !== ',' || t.charCodeAt(c + 1) !== 32) refuse();
        c += 2;
        while (t.charCodeAt(c) === 32) c++;
        if (t[c] === ']' || t[c] === ',') refuse();
      }
    }
    const close = c + 1;
    const rangeEnd = this.lineTail(close, line);
    seq.range = [at, close, rangeEnd];
    this.holders.ranges.push(seq.range);
    return seq;
  }
}

/**
 * Parses the sequence item text[from, to) (a scrape job) with the fast path. `nextDash` is where the next
 * item's `-` is. Undefined when the item uses YAML the fast path does not handle.
 */
export function parseItemFast(text: string, from: number, to: number, nextDash: number, ctx: FastContext): { node: Node; holders: OffsetHolders } | undefined {
  const parser = new FastParser(text, ctx);
  try {
    const node = parser.parseItem(from, to, nextDash);
    return { node, holders: parser.holders };
  } catch (e) {
    if (e instanceof Refuse) return undefined;
    throw e;
  }
}
