/**
 * Offsets inside YAML scalars: where, in the document, each character of a scalar's decoded value comes from.
 * Covers every style the `yaml` package parses: plain (multi-line folding), single-quoted (`''`, folding),
 * double-quoted (escapes, escaped line breaks, folding), block literal `|` and folded `>` (indentation
 * indicators, chomping). The decoding rules follow the `yaml` package's composer (resolve-flow-scalar.js,
 * resolve-block-scalar.js), so the map describes exactly the `value` the model holds; when it does not (an
 * unexpected token shape), no map is returned and callers fall back to the whole scalar.
 */
import type { Scalar } from 'yaml';
import type { Span } from './types';

export interface ScalarSourceMap {
  /** The decoded value the map describes (equal to the node's value). */
  readonly value: string;
  /** The source of value[i] is document text [starts[i], ends[i]). A folded line break spans the break. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** Document offset just past the last content character (where an offset equal to value.length maps). */
  readonly contentEnd: number;
  /** Document offset of the first content character (inside the opening quote, after a block header). */
  readonly contentStart: number;
}

interface FlowToken {
  readonly type: string;
  readonly offset: number;
  readonly source: string;
  readonly indent?: number;
  readonly props?: readonly { readonly source: string }[];
}

class Builder {
  value = '';
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  add(text: string, start: number, end: number): void {
    for (let k = 0; k < text.length; k++) {
      this.value += text[k];
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** Characters copied one to one from the source at `start`. */
  copy(text: string, start: number): void {
    for (let k = 0; k < text.length; k++) {
      this.value += text[k];
      this.starts.push(start + k);
      this.ends.push(start + k + 1);
    }
  }
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** Lines of a flow scalar's text: content range of each line, excluding `\r\n`/`\n`. */
function splitFlowLines(text: string): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      lines.push({ start, end: i > start && text[i - 1] === '\r' ? i - 1 : i });
      start = i + 1;
    }
  }
  lines.push({ start, end: text.length });
  return lines;
}

/**
 * Plain and single-quoted scalars: lines are trimmed and folded (one break -> space, n+1 breaks -> n newlines).
 * `base` is the document offset of text[0]; `singleQuoted` turns `''` into `'`.
 */
function mapFolded(text: string, base: number, singleQuoted: boolean): Builder {
  const b = new Builder();
  const emit = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (singleQuoted && text[i] === "'" && text[i + 1] === "'") {
        b.add("'", base + i, base + i + 2);
        i++;
      } else {
        b.add(text[i], base + i, base + i + 1);
      }
    }
  };
  const lines = splitFlowLines(text);
  if (lines.length === 1) {
    emit(0, text.length);
    return b;
  }
  // First line: trailing blanks go; the last line: leading blanks go; middle lines: both.
  let { start, end } = lines[0];
  while (end > start && isBlank(text[end - 1])) end--;
  emit(start, end);
  let sep = ' ';
  let sepFrom = end;
  for (let li = 1; li < lines.length; li++) {
    const last = li === lines.length - 1;
    ({ start, end } = lines[li]);
    while (start < end && isBlank(text[start])) start++;
    if (!last) while (end > start && isBlank(text[end - 1])) end--;
    if (!last && start === end) {
      if (sep === '\n') b.add('\n', base + sepFrom, base + lines[li].start);
      else sep = '\n';
      continue;
    }
    b.add(sep, base + sepFrom, base + start);
    emit(start, end);
    sep = ' ';
    sepFrom = end;
  }
  return b;
}

const DQ_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085',
  _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** Double-quoted: `source` includes both quotes; `base` is the document offset of the opening quote. */
function mapDoubleQuoted(source: string, base: number): Builder {
  const b = new Builder();
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === '\r' && source[i + 1] === '\n') continue;
    if (ch === '\n') {
      // Fold: one break -> space; every further break -> newline; blanks around go.
      let fold = '';
      let j = i;
      let next = source[j + 1];
      while (next === ' ' || next === '\t' || next === '\n' || next === '\r') {
        if (next === '\r' && source[j + 2] !== '\n') break;
        if (next === '\n') fold += '\n';
        j++;
        next = source[j + 1];
      }
      b.add(fold || ' ', base + i, base + j + 1);
      i = j;
    } else if (ch === '\\') {
      const at = i;
      let next = source[++i];
      const simple = DQ_ESCAPES[next];
      if (simple !== undefined) {
        b.add(simple, base + at, base + i + 1);
      } else if (next === '\n' || (next === '\r' && source[i + 1] === '\n')) {
        // An escaped line break vanishes, and so do the next line's leading blanks.
        if (next === '\r') i++;
        next = source[i + 1];
        while (next === ' ' || next === '\t') next = source[++i + 1];
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = source.substr(i + 1, length);
        const code = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : NaN;
        let decoded: string;
        try {
          decoded = String.fromCodePoint(code);
        } catch {
          decoded = source.substr(at, length + 2);
        }
        b.add(decoded, base + at, base + i + 1 + length);
        i += length;
      } else {
        // An invalid escape stays as written (the yaml package reports it).
        b.copy(source.substr(at, 2), base + at);
      }
    } else if (ch === ' ' || ch === '\t') {
      // Blanks before a line break are dropped.
      const wsStart = i;
      let next = source[i + 1];
      while (next === ' ' || next === '\t') next = source[++i + 1];
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) b.copy(source.slice(wsStart, i + 1), base + wsStart);
    } else {
      b.add(ch, base + i, base + i + 1);
    }
  }
  return b;
}

interface BlockLine {
  /** Offset of the line's first character (its indentation) in the body. */
  readonly start: number;
  readonly indent: number;
  /** Content after the indentation, `\r` of a CRLF included (as the yaml package keeps it). */
  readonly content: string;
}

function splitBlockLines(body: string): BlockLine[] {
  const lines: BlockLine[] = [];
  let start = 0;
  for (;;) {
    let nl = body.indexOf('\n', start);
    if (nl < 0) nl = body.length;
    let indent = 0;
    while (start + indent < nl && body[start + indent] === ' ') indent++;
    lines.push({ start, indent, content: body.slice(start + indent, nl) });
    if (nl >= body.length) break;
    start = nl + 1;
  }
  return lines;
}

/** Block scalars `|` and `>`, with indentation indicator and chomping (follows yaml's resolve-block-scalar.js). */
function mapBlock(token: FlowToken): Builder | undefined {
  const props = token.props ?? [];
  const header = props[0]?.source;
  if (!header || (header[0] !== '|' && header[0] !== '>')) return undefined;
  const folded = header[0] === '>';
  let indicator = 0;
  let chomp = '';
  for (const ch of header.slice(1)) {
    if (!chomp && (ch === '-' || ch === '+')) chomp = ch;
    else if (!indicator && Number(ch)) indicator = Number(ch);
  }
  const headerLength = props.reduce((n, t) => n + (typeof t.source === 'string' ? t.source.length : 0), 0);
  const base = token.offset + headerLength;
  const b = new Builder();
  const body = token.source;
  const lines = body ? splitBlockLines(body) : [];
  const isEmpty = (l: BlockLine) => l.content === '' || l.content === '\r';
  const breakAt = (l: BlockLine) => base + l.start + l.indent + l.content.length - (l.content.endsWith('\r') ? 1 : 0);
  const breakEnd = (l: BlockLine) => Math.min(base + body.length, base + l.start + l.indent + l.content.length + 1);

  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (isEmpty(lines[i])) chompStart = i;
    else break;
  }
  if (chompStart === 0) {
    if (chomp === '+' && lines.length > 0) b.add('\n'.repeat(Math.max(1, lines.length - 1)), base, base + body.length);
    return b;
  }
  let trimIndent = (token.indent ?? 0) + indicator;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const l = lines[i];
    if (isEmpty(l)) {
      if (indicator === 0 && l.indent > trimIndent) trimIndent = l.indent;
    } else {
      if (indicator === 0) trimIndent = l.indent;
      contentStart = i;
      break;
    }
  }
  for (let i = lines.length - 1; i >= chompStart; --i) if (lines[i].indent > trimIndent) chompStart = i + 1;

  // Text of a line past the trimmed indentation, copied with its offsets.
  const copyLine = (l: BlockLine, withContent: boolean) => {
    const content = l.content.endsWith('\r') ? l.content.slice(0, -1) : l.content;
    const indent = withContent && content && l.indent < trimIndent ? 0 : l.indent;
    const keep = Math.max(0, indent - trimIndent);
    const from = base + l.start + l.indent - keep;
    b.copy(' '.repeat(keep), from);
    if (withContent) b.copy(content, base + l.start + l.indent);
  };
  for (let i = 0; i < contentStart; ++i) {
    copyLine(lines[i], false);
    b.add('\n', breakAt(lines[i]), breakEnd(lines[i]));
  }
  let sep = '';
  let sepFrom = 0;
  let sepTo = 0;
  let prevMoreIndented = false;
  const addSep = (l: BlockLine) => {
    if (sep) b.add(sep, sepFrom, Math.max(sepTo, base + l.start + Math.min(l.indent, trimIndent)));
  };
  for (let i = contentStart; i < chompStart; ++i) {
    const l = lines[i];
    const content = l.content.endsWith('\r') ? l.content.slice(0, -1) : l.content;
    if (!folded) {
      addSep(l);
      copyLine(l, true);
      sep = '\n';
      sepFrom = breakAt(l);
      sepTo = breakEnd(l);
    } else if (l.indent > trimIndent || content[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      addSep(l);
      copyLine(l, true);
      sep = '\n';
      sepFrom = breakAt(l);
      sepTo = breakEnd(l);
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') b.add('\n', breakAt(l), breakEnd(l));
      else sep = '\n';
    } else {
      addSep(l);
      copyLine(l, true);
      sep = ' ';
      sepFrom = breakAt(l);
      sepTo = breakEnd(l);
      prevMoreIndented = false;
    }
  }
  const lastContent = lines[chompStart - 1];
  if (chomp === '+') {
    b.add('\n', breakAt(lastContent), breakEnd(lastContent));
    for (let i = chompStart; i < lines.length; ++i) {
      if (i > chompStart) b.add('\n', breakAt(lines[i - 1]), breakEnd(lines[i - 1]));
      copyLine(lines[i], false);
    }
    if (!b.value.endsWith('\n')) b.add('\n', breakAt(lines[lines.length - 1]), breakEnd(lines[lines.length - 1]));
  } else if (chomp !== '-') {
    b.add('\n', breakAt(lastContent), breakEnd(lastContent));
  }
  return b;
}

/** The source map of a scalar parsed with `keepSourceTokens: true`; undefined without a usable token. */
export function mapScalarSource(node: Scalar): ScalarSourceMap | undefined {
  const token = (node as { srcToken?: FlowToken }).srcToken;
  if (!token || typeof node.value !== 'string') return undefined;
  let b: Builder | undefined;
  let contentStart = token.offset;
  let contentEnd = token.offset + token.source.length;
  switch (token.type) {
    case 'scalar':
      b = mapFolded(token.source, token.offset, false);
      break;
    case 'single-quoted-scalar':
      b = mapFolded(token.source.slice(1, -1), token.offset + 1, true);
      contentStart++;
      contentEnd--;
      break;
    case 'double-quoted-scalar':
      b = mapDoubleQuoted(token.source, token.offset);
      contentStart++;
      contentEnd--;
      break;
    case 'block-scalar': {
      b = mapBlock(token);
      const headerLength = (token.props ?? []).reduce((n, t) => n + (t.source?.length ?? 0), 0);
      contentStart = token.offset + headerLength;
      break;
    }
  }
  if (!b || b.value !== node.value) return undefined;
  if (b.ends.length > 0) contentEnd = Math.max(...b.ends.slice(-1));
  return { value: b.value, starts: b.starts, ends: b.ends, contentStart, contentEnd };
}

/**
 * The mapper of a scalar on one line whose escapes all write one character with two (`''` single-quoted; `\"`,
 * `\\`, `\n` … double-quoted): value[i] comes from the content start plus i, plus one for each escape before it.
 * The source is checked against the value as it is read, as mapScalarSource checks; undefined for any other scalar.
 */
function oneLineMapper(node: Scalar): ((offset: number) => number) | undefined {
  const token = (node as { srcToken?: FlowToken }).srcToken;
  const value = node.value;
  if (!token || typeof value !== 'string') return undefined;
  const source = token.source;
  const quoted = token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar';
  if ((!quoted && token.type !== 'scalar') || source.includes('\n')) return undefined;
  const escape = token.type === 'single-quoted-scalar' ? 0x27 : token.type === 'double-quoted-scalar' ? 0x5c : -1;
  const from = quoted ? 1 : 0;
  const to = quoted ? source.length - 1 : source.length;
  // Indices in the value of the characters written as escapes.
  const escapes: number[] = [];
  let k = 0;
  for (let i = from; i < to; i++, k++) {
    let c = source.charCodeAt(i);
    if (c === escape && escape === 0x27) {
      if (i + 1 < to && source.charCodeAt(i + 1) === 0x27) {
        escapes.push(k);
        i++;
      }
    } else if (c === escape) {
      const decoded = DQ_ESCAPES[source[i + 1]];
      if (decoded === undefined) return undefined;
      c = decoded.charCodeAt(0);
      escapes.push(k);
      i++;
    }
    if (value.charCodeAt(k) !== c) return undefined;
  }
  if (k !== value.length) return undefined;
  const start = token.offset + from;
  const end = token.offset + to;
  return (offset) => {
    if (offset <= 0) return start;
    if (offset >= k) return end;
    let before = 0;
    while (before < escapes.length && escapes[before] < offset) before++;
    return start + offset + before;
  };
}

function fallbackStart(node: Scalar): number {
  const range = node.range ?? [0, 0, 0];
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  return range[0] + (quoted ? 1 : 0);
}

/**
 * Maps an offset in the scalar's decoded value to the document offset of that character's source (an offset
 * equal to the value's length maps just past the content). Without a usable source token it counts from the
 * start of the scalar, clamped to its range.
 */
export function scalarOffsetMapper(node: Scalar): (offset: number) => number {
  const oneLine = oneLineMapper(node);
  if (oneLine) return oneLine;
  const map = mapScalarSource(node);
  if (!map) {
    const start = fallbackStart(node);
    const end = node.range ? node.range[1] : start;
    return (offset) => Math.max(start, Math.min(end, start + offset));
  }
  return (offset) => {
    if (offset <= 0) return map.starts.length ? map.starts[0] : map.contentStart;
    if (offset >= map.starts.length) return map.contentEnd;
    return map.starts[offset];
  };
}

/**
 * The document span holding the source of the decoded characters [start, end) of a scalar; an empty range
 * maps to an empty span at its position. Falls back to the scalar's whole range when it cannot map.
 */
export function scalarSpan(node: Scalar, start: number, end: number): Span {
  const map = mapScalarSource(node);
  if (!map) {
    const range = node.range ?? [0, 0, 0];
    return { start: range[0], end: range[1] };
  }
  const n = map.starts.length;
  if (end <= start || n === 0) {
    const at = start >= n ? map.contentEnd : map.starts[Math.max(0, start)];
    return { start: at, end: at };
  }
  const s = Math.max(0, Math.min(start, n - 1));
  const e = Math.max(s + 1, Math.min(end, n));
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = s; i < e; i++) {
    lo = Math.min(lo, map.starts[i]);
    hi = Math.max(hi, map.ends[i]);
  }
  return { start: lo, end: hi };
}
