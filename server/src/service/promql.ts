/**
 * `match[]` selectors, checked as Prometheus' /federate checks them: `ParseMetricSelector`, i.e. the grammar's
 * START_METRIC_SELECTOR (one `vector_selector`, then end of input; no `checkAST`), regexes compiled by Go.
 * Errors carry Prometheus' own text (`1:3: parse error: unexpected "["`), then a few words for the user, and
 * point at the exact characters in the selector string.
 *
 * Mirrors promql/parser/parse.go (ParseMetricSelector, unexpected, newLabelMatcher) and
 * promql/parser/generated_parser.y (vector_selector, label_matchers, label_match_list, label_matcher) of
 * v2.42.0; version "3" adds the 3.x quoted names (`string_identifier`) and `^(?s:…)$` regex anchoring.
 */
import { parser as promqlParser } from '@prometheus-io/lezer-promql';
import { describeItem, isAlphaNumericUnit, isKeyword, isPlainStringUnit, Lexer, type Item, type ItemType } from './promqlLexer';
import { literalShape, parseRegexp, parseWrappedRegexp, type GoRegexpDialect, type RegexMatchInfo, type WrappedRegexResult } from './re2';

export type PromVersion = '2' | '3';
export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  /** Label name (`__name__` for the metric name). */
  readonly name: string;
  readonly op: MatchOp;
  /** The decoded value. */
  readonly value: string;
  /** Where the matcher came from: `up` / `{"up"}` set the metric name; the rest are label matchers. */
  readonly source: 'metricName' | 'quotedMetricName' | 'label';
  /** Offsets in the decoded selector string; the value range includes its quotes. */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Equal to nameEnd for the implicit `=` of a metric name. */
  readonly opStart: number;
  readonly opEnd: number;
  readonly valueStart: number;
  readonly valueEnd: number;
  /** For `=~`/`!~` that compile: what the anchored regex matches. */
  readonly regex?: RegexMatchInfo;
}

export type SelectorErrorKind =
  /** The lexer refused a character, an escape or an unterminated string. */
  | 'lexer'
  /** The grammar refused a token (range, offset, function, operator, literal, bad matcher …). */
  | 'syntax'
  /** Go's regexp refused a `=~`/`!~` value. */
  | 'regex'
  /** A quoted (UTF-8) metric or label name, which needs Prometheus 3. */
  | 'quotedName';

export interface SelectorError {
  /** Offsets in the decoded selector string. */
  readonly start: number;
  readonly end: number;
  /** Prometheus' text, then our explanation when we have one. */
  readonly message: string;
  /** Exactly what /federate answers with its 400 (for the version checked). */
  readonly prometheus: string;
  readonly kind: SelectorErrorKind;
}

export interface SelectorAnalysis {
  /** Empty when Prometheus accepts the selector; otherwise the one error /federate reports. */
  readonly errors: SelectorError[];
  readonly matchers: Matcher[];
  /** The metric name, when the selector names one (`up`, `{"up"}`, `{__name__="up"}`). */
  readonly metricName?: string;
}

const METRIC_IDENTIFIER_TYPES = new Set<ItemType>([
  'AVG', 'BOTTOMK', 'BY', 'COUNT', 'COUNT_VALUES', 'GROUP', 'IDENTIFIER', 'LAND', 'LOR', 'LUNLESS', 'MAX',
  'METRIC_IDENTIFIER', 'MIN', 'OFFSET', 'QUANTILE', 'STDDEV', 'STDVAR', 'SUM', 'TOPK', 'WITHOUT', 'START', 'END',
  'LIMITK', 'LIMIT_RATIO',
]);
const MATCH_OPS: Partial<Record<ItemType, MatchOp>> = { EQL: '=', NEQ: '!=', EQL_REGEX: '=~', NEQ_REGEX: '!~' };

/** A decoded string literal: value, and for each UTF-16 unit of the value the span of its source. */
export interface DecodedString {
  readonly value: string;
  /** starts[i], ends[i]: offsets (in the literal's container) of the source of value[i]. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  /** `\x`/octal escapes produced bytes that are not UTF-8 (Go keeps them; we show U+FFFD). */
  readonly invalidUtf8: boolean;
}

/**
 * Decodes a lexed PromQL string literal (quotes included) at `offset` in its container, as
 * util/strutil/quote.go Unquote does: Go escapes for `"` and `'`, none for backticks; `\x`/octal are bytes.
 */
export function decodeStringLiteral(raw: string, offset = 0): DecodedString {
  const body = verbatimBody(raw);
  if (body !== undefined) {
    const starts: number[] = new Array(body.length);
    const ends: number[] = new Array(body.length);
    for (let i = 0; i < body.length; i++) {
      starts[i] = offset + 1 + i;
      ends[i] = offset + 2 + i;
    }
    return { value: body, starts, ends, invalidUtf8: false };
  }
  return decodeEscaped(raw, offset);
}

/**
 * The literal's body when it is its own value: nothing to unescape (no backslash, or a raw string) and no
 * surrogates, whose UTF-8 round trip is not one unit per character. Nearly every selector string.
 */
function verbatimBody(raw: string): string | undefined {
  const raw0 = raw.charCodeAt(0);
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw.charCodeAt(i);
    if ((c === 0x5c && raw0 !== 0x60) || (c >= 0xd800 && c <= 0xdfff)) return undefined;
  }
  return raw.slice(1, -1);
}

/** Just the value of a lexed string literal (decodeStringLiteral(raw).value, without the offsets). */
function decodeStringValue(raw: string): string {
  return verbatimBody(raw) ?? decodeEscaped(raw, 0).value;
}

function decodeEscaped(raw: string, offset: number): DecodedString {
  const quote = raw[0];
  const body = raw.slice(1, -1);
  const bytes: number[] = [];
  const bStart: number[] = [];
  const bEnd: number[] = [];
  const pushChar = (ch: string, s: number, e: number) => {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code < 0x80) {
      // ASCII, nearly every character of a selector: its one byte is its code.
      bytes.push(code);
      bStart.push(s);
      bEnd.push(e);
      return;
    }
    for (const b of Buffer.from(ch, 'utf8')) {
      bytes.push(b);
      bStart.push(s);
      bEnd.push(e);
    }
  };
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };
  for (let i = 0; i < body.length; ) {
    const s = offset + 1 + i;
    if (quote === '`' || body[i] !== '\\') {
      const unit = body.charCodeAt(i);
      const ch = unit < 0xd800 || unit > 0xdfff ? body[i] : String.fromCodePoint(body.codePointAt(i)!);
      pushChar(ch, s, s + ch.length);
      i += ch.length;
      continue;
    }
    const c = body[i + 1];
    if (c in simple) {
      pushChar(simple[c], s, s + 2);
      i += 2;
    } else if (c === 'x' || c === 'u' || c === 'U') {
      const n = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const v = parseInt(body.slice(i + 2, i + 2 + n), 16);
      if (c === 'x') {
        bytes.push(v);
        bStart.push(s);
        bEnd.push(s + 2 + n);
      } else {
        pushChar(String.fromCodePoint(v), s, s + 2 + n);
      }
      i += 2 + n;
    } else {
      // Octal: exactly three digits (the lexer has checked them).
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8) & 0xff);
      bStart.push(s);
      bEnd.push(s + 4);
      i += 4;
    }
  }
  // Decode the bytes back to UTF-16, keeping each character's source span.
  let value = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let invalidUtf8 = false;
  for (let k = 0; k < bytes.length; ) {
    const b = bytes[k];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let ch = '\ufffd';
    let used = 1;
    if (len > 0 && k + len <= bytes.length) {
      const decoded = Buffer.from(bytes.slice(k, k + len)).toString('utf8');
      if (!decoded.includes('\ufffd') || (len === 3 && bytes[k] === 0xef && bytes[k + 1] === 0xbf && bytes[k + 2] === 0xbd)) {
        ch = decoded;
        used = len;
      }
    }
    if (used === 1 && b >= 0x80) invalidUtf8 = true;
    if (used === 1 && b < 0x80) ch = String.fromCharCode(b);
    for (let u = 0; u < ch.length; u++) {
      starts.push(bStart[k]);
      ends.push(bEnd[k + used - 1]);
    }
    value += ch;
    k += used;
  }
  return { value, starts, ends, invalidUtf8 };
}

/** Which Go compiled the version's Prometheus (2.42 on Debian: Go 1.19). */
const DIALECT: Record<PromVersion, GoRegexpDialect> = { '2': 'go1.19', '3': 'modern' };
/** How the version anchors a regex before compiling it (model/labels/regexp.go). */
const ANCHORS: Record<PromVersion, readonly [string, string]> = { '2': ['^(?:', ')$'], '3': ['^(?s:', ')$'] };

/** Go's verdict per version and regex text: a value repeated across jobs is parsed once. */
const regexVerdicts: Record<PromVersion, Map<string, WrappedRegexResult>> = { '2': new Map(), '3': new Map() };
/** Go's verdict per version and literalShape: `job:<team>_<n>:.*` in thousands of jobs is one parse. */
const shapeVerdicts: Record<PromVersion, Map<string, WrappedRegexResult>> = { '2': new Map(), '3': new Map() };

function parseAnchored(version: PromVersion, value: string): WrappedRegexResult {
  const anchors = ANCHORS[version];
  return parseWrappedRegexp(anchors[0], value, anchors[1], { dialect: DIALECT[version] });
}

function remember(cache: Map<string, WrappedRegexResult>, key: string, verdict: WrappedRegexResult): WrappedRegexResult {
  if (cache.size >= 10_000) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

/** The verdict of values of the value's shape when they compile; undefined otherwise (an error quotes the value's own text). */
function verdictByShape(version: PromVersion, value: string): WrappedRegexResult | undefined {
  const shape = literalShape(value);
  if (shape === undefined) return undefined;
  const cache = shapeVerdicts[version];
  const verdict = cache.get(shape) ?? remember(cache, shape, parseAnchored(version, shape));
  return verdict.ok ? verdict : undefined;
}

/** Go's parse of the anchored regex, and what the value matches when it compiles. */
function anchoredRegexp(version: PromVersion, value: string): WrappedRegexResult {
  const cache = regexVerdicts[version];
  return cache.get(value) ?? remember(cache, value, verdictByShape(version, value) ?? parseAnchored(version, value));
}

/** Byte-based `line:col` as ParseErr.Error() prints it. */
function goPosition(input: string, pos: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < input.length; i++) {
    if (input[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  const col = Buffer.byteLength(input.slice(lineStart, pos), 'utf8') + 1;
  return `${line}:${col}`;
}

/** What the user wrote instead of a selector, in words (lezer-promql's reading of the whole string). */
function explainExpression(selector: string): string | undefined {
  const top = promqlParser.parse(selector).topNode.firstChild;
  switch (top?.name) {
    case 'MatrixSelector':
      return 'range selectors like [5m] are not allowed in match[]: /federate takes instant vector selectors only';
    case 'SubqueryExpr':
      return 'subqueries are not allowed in match[]: /federate takes instant vector selectors only';
    case 'OffsetExpr':
      return '`offset` is not allowed in match[]: /federate always returns the latest sample';
    case 'StepInvariantExpr':
      return '`@` modifiers are not allowed in match[]: /federate always returns the latest sample';
    case 'FunctionCall':
      return 'functions are not allowed in match[]: it takes a series selector, not a PromQL expression';
    case 'AggregateExpr':
      return 'aggregations are not allowed in match[]: it takes a series selector; aggregate with recording rules on the source server';
    case 'BinaryExpr':
      return 'operators are not allowed in match[]: it takes one series selector; use several match[] entries for a union';
    case 'ParenExpr':
      return 'parentheses are not allowed in match[]: it takes a bare series selector';
    case 'UnaryExpr':
      return 'a sign is not allowed in match[]: it takes a bare series selector';
    case 'NumberDurationLiteral':
    case 'NumberLiteral':
      return 'a number is not a series selector';
    case 'StringLiteral':
      return 'a string is not a series selector; to select a metric by a quoted name write {"name"} (Prometheus 3)';
    default:
      return undefined;
  }
}

class SelectorParser {
  private readonly lexer: Lexer;
  readonly matchers: Matcher[] = [];
  error: SelectorError | undefined;

  constructor(
    private readonly input: string,
    private readonly version: PromVersion,
  ) {
    this.lexer = new Lexer(input, version);
  }

  /** parse.go Lex(): skips comments; a lexer error is recorded and ends the input. */
  private next(): Item {
    for (;;) {
      const item = this.lexer.nextItem();
      if (item.typ === 'COMMENT') continue;
      if (item.typ === 'ERROR') this.lexError(item);
      return item;
    }
  }

  private fail(start: number, end: number, text: string, kind: SelectorErrorKind, hint?: string): void {
    if (this.error) return;
    const prometheus = `${goPosition(this.input, start)}: parse error: ${text}`;
    this.error = {
      start,
      end: Math.max(end, start),
      prometheus,
      message: hint ? `${prometheus} (${hint})` : prometheus,
      kind,
    };
  }

  private lexError(item: Item): void {
    const start = this.lexer.start;
    // Underline what the lexer choked on: the offending character, or the rest of an unterminated string.
    let end = Math.min(this.input.length, Math.max(this.lexer.pos, start + 1));
    let hint: string | undefined;
    if (/^unexpected character: '\.'$/.test(item.val) || /inside braces: '\.'$/.test(item.val)) {
      hint = this.version === '2'
        ? 'dots are not allowed in bare metric or label names; Prometheus 3 accepts them quoted: {"my.metric"}'
        : 'dots are only allowed in quoted names: write {"my.metric"} or {"label.name"="value"}';
    } else if (/^unterminated/.test(item.val)) {
      end = this.input.length;
      hint = 'the string is never closed';
    } else if (/escape sequence|invalid Unicode/.test(item.val)) {
      end = Math.min(this.input.length, this.lexer.pos);
    } else if (/inside braces: '[0-9]'|inside braces: '-'/.test(item.val)) {
      hint = 'label names must match [a-zA-Z_][a-zA-Z0-9_]*';
    } else if (/^unexpected end of input inside braces/.test(item.val)) {
      hint = 'the { is never closed';
      end = start;
    }
    this.fail(start, end, item.val, 'lexer', hint);
  }

  /** parse.go unexpected(): quiet when the token is a lexer error (already reported). */
  private unexpected(item: Item, context: string, expected: string, kind: SelectorErrorKind = 'syntax', hint?: string): void {
    if (item.typ === 'ERROR') return;
    let text = `unexpected ${describeItem(item)}`;
    if (context) text += ` in ${context}`;
    if (expected) text += `, expected ${expected}`;
    const end = item.typ === 'EOF' ? item.pos : item.pos + Math.max(1, item.val.length);
    this.fail(item.pos, end, text, kind, hint);
  }

  // Mirrors generated_parser.y: start -> START_METRIC_SELECTOR vector_selector, then EOF.
  parse(): void {
    let tok = this.next();
    if (METRIC_IDENTIFIER_TYPES.has(tok.typ)) {
      const name = tok;
      this.matchers.push({
        name: '__name__', op: '=', value: name.val, source: 'metricName',
        nameStart: name.pos, nameEnd: name.pos + name.val.length, opStart: name.pos + name.val.length,
        opEnd: name.pos + name.val.length, valueStart: name.pos, valueEnd: name.pos + name.val.length,
      });
      tok = this.next();
      if (tok.typ === 'LEFT_BRACE') {
        if (!this.labelMatchers()) return;
        tok = this.next();
      }
    } else if (tok.typ === 'LEFT_BRACE') {
      if (!this.labelMatchers()) return;
      tok = this.next();
    } else {
      const hint = tok.typ === 'EOF' ? 'match[] must not be empty' : explainExpression(this.input);
      this.unexpected(tok, '', '', 'syntax', hint);
      return;
    }
    if (tok.typ !== 'EOF') this.unexpected(tok, '', '', 'syntax', explainExpression(this.input));
  }

  /** After `{`; false when an error ended the parse. Mirrors generated_parser.y: label_matchers. */
  private labelMatchers(): boolean {
    let tok = this.next();
    if (tok.typ === 'RIGHT_BRACE') return true;
    for (;;) {
      // label_matcher
      const quoted = tok.typ === 'STRING';
      if (tok.typ === 'IDENTIFIER' || (quoted && this.version === '3')) {
        const nameTok = tok;
        tok = this.next();
        const op = MATCH_OPS[tok.typ];
        if (op) {
          const opTok = tok;
          tok = this.next();
          if (tok.typ !== 'STRING') {
            this.unexpected(tok, 'label matching', 'string', 'syntax', tok.typ === 'IDENTIFIER' ? 'label values must be quoted' : undefined);
            return false;
          }
          this.newLabelMatcher(nameTok, opTok, op, tok);
          if (this.error) return false;
          tok = this.next();
        } else if (quoted) {
          // string_identifier alone: `{"my.metric"}` names the metric (3.x).
          const name = decodeStringValue(nameTok.val);
          this.matchers.push({
            name: '__name__', op: '=', value: name, source: 'quotedMetricName',
            nameStart: nameTok.pos, nameEnd: nameTok.pos + nameTok.val.length,
            opStart: nameTok.pos + nameTok.val.length, opEnd: nameTok.pos + nameTok.val.length,
            valueStart: nameTok.pos, valueEnd: nameTok.pos + nameTok.val.length,
          });
        } else {
          this.unexpected(tok, 'label matching', 'label matching operator', 'syntax', 'matcher operators are =, !=, =~ and !~');
          return false;
        }
      } else {
        const hint = quoted
          ? 'quoted (UTF-8) metric and label names need Prometheus 3.0 or later'
          : undefined;
        this.unexpected(tok, 'label matching', 'identifier or "}"', quoted ? 'quotedName' : 'syntax', hint);
        return false;
      }
      // label_match_list continues
      if (tok.typ === 'COMMA') {
        tok = this.next();
        if (tok.typ === 'RIGHT_BRACE') return true;
        continue;
      }
      if (tok.typ === 'RIGHT_BRACE') return true;
      this.unexpected(tok, 'label matching', '"," or "}"');
      return false;
    }
  }

  /** parse.go newLabelMatcher: unquote, then labels.NewMatcher (which compiles regexes). */
  private newLabelMatcher(nameTok: Item, opTok: Item, op: MatchOp, valueTok: Item): void {
    const name = nameTok.typ === 'STRING' ? decodeStringValue(nameTok.val) : nameTok.val;
    const value = decodeStringValue(valueTok.val);
    let regex: RegexMatchInfo | undefined;
    if (op === '=~' || op === '!~') {
      const [prefix, suffix] = ANCHORS[this.version];
      const parsed = anchoredRegexp(this.version, value);
      if (!parsed.ok) {
        // Underline the bad part of the value. When Go's focus is the wrapper's own paren, the bare value
        // usually shows the culprit (`a)` -> its `)`); failing that, the whole value.
        let s = parsed.error.start - prefix.length;
        let e = parsed.error.end - prefix.length;
        const n = value.length;
        if (!(s >= 0 && e <= n && e > s)) {
          const bare = parseRegexp(value, { dialect: DIALECT[this.version] });
          if (!bare.ok) [s, e] = [bare.error.start, bare.error.end];
        }
        const inside = s >= 0 && e <= n && e > s;
        const decoded = inside ? decodeStringLiteral(valueTok.val, valueTok.pos) : undefined;
        const start = decoded ? decoded.starts[s] : valueTok.pos;
        const end = decoded ? decoded.ends[e - 1] : valueTok.pos + valueTok.val.length;
        const hint = /Perl syntax|escape sequence: `\\[1-9]/.test(parsed.error.message)
          ? `Prometheus anchors the regex as ${prefix}…${suffix} and compiles it with Go's RE2 syntax: no look-around, no back-references`
          : `Prometheus anchors the regex as ${prefix}…${suffix} and compiles it with Go's RE2 syntax`;
        const prometheus = `${goPosition(this.input, nameTok.pos)}: parse error: ${parsed.error.message}`;
        this.error = { start, end, prometheus, message: `${prometheus} (${hint})`, kind: 'regex' };
        return;
      }
      regex = parsed.info;
    }
    this.matchers.push({
      name, op, value, source: 'label',
      nameStart: nameTok.pos, nameEnd: nameTok.pos + nameTok.val.length,
      opStart: opTok.pos, opEnd: opTok.pos + opTok.val.length,
      valueStart: valueTok.pos, valueEnd: valueTok.pos + valueTok.val.length,
      ...(regex ? { regex } : {}),
    });
  }
}

/** lex.go isSpace. */
function skipSpaces(s: string, i: number): number {
  for (let c = s.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = s.charCodeAt(++i)) {
    // skip
  }
  return i;
}

/**
 * The shapes nearly every match[] has, read without the lexer: `name`, `name{…}` or `{…}` whose matchers are
 * `label op "text"` (or 'text') with nothing to unescape, spaces between tokens. Gives exactly what the parser
 * gives; undefined for anything else (keywords, escapes, comments, quoted names, any error), left to the parser.
 */
function checkPlainSelector(input: string, version: PromVersion): Matcher[] | undefined {
  const matchers: Matcher[] = [];
  let i = skipSpaces(input, 0);
  let c = input.charCodeAt(i);
  if (c === 0x3a || (isAlphaNumericUnit(c) && !(c >= 0x30 && c <= 0x39))) {
    const start = i;
    while (isAlphaNumericUnit(input.charCodeAt(i)) || input.charCodeAt(i) === 0x3a) i++;
    const name = input.slice(start, i);
    if (isKeyword(name, version)) return undefined;
    matchers.push({
      name: '__name__', op: '=', value: name, source: 'metricName',
      nameStart: start, nameEnd: i, opStart: i, opEnd: i, valueStart: start, valueEnd: i,
    });
    i = skipSpaces(input, i);
    if (i === input.length) return matchers;
    c = input.charCodeAt(i);
  }
  if (c !== 0x7b) return undefined;
  i = skipSpaces(input, i + 1);
  while (input.charCodeAt(i) !== 0x7d) {
    const nameStart = i;
    c = input.charCodeAt(i);
    if (!isAlphaNumericUnit(c) || (c >= 0x30 && c <= 0x39)) return undefined;
    while (isAlphaNumericUnit(input.charCodeAt(i))) i++;
    const nameEnd = i;
    const opStart = skipSpaces(input, i);
    const c0 = input.charCodeAt(opStart);
    const c1 = input.charCodeAt(opStart + 1);
    let op: MatchOp;
    if (c0 === 0x3d) op = c1 === 0x7e ? '=~' : '=';
    else if (c0 === 0x21 && (c1 === 0x3d || c1 === 0x7e)) op = c1 === 0x3d ? '!=' : '!~';
    else return undefined;
    const opEnd = opStart + op.length;
    const valueStart = skipSpaces(input, opEnd);
    const quote = input.charCodeAt(valueStart);
    if (quote !== 0x22 && quote !== 0x27) return undefined;
    i = valueStart + 1;
    while (i < input.length && isPlainStringUnit(input.charCodeAt(i), quote)) i++;
    if (input.charCodeAt(i) !== quote) return undefined;
    const valueEnd = i + 1;
    const value = input.slice(valueStart + 1, i);
    let regex: RegexMatchInfo | undefined;
    if (op === '=~' || op === '!~') {
      const parsed = anchoredRegexp(version, value);
      if (!parsed.ok) return undefined;
      regex = parsed.info;
    }
    matchers.push({
      name: input.slice(nameStart, nameEnd), op, value, source: 'label',
      nameStart, nameEnd, opStart, opEnd, valueStart, valueEnd,
      ...(regex ? { regex } : {}),
    });
    i = skipSpaces(input, valueEnd);
    c = input.charCodeAt(i);
    if (c === 0x2c) i = skipSpaces(input, i + 1);
    else if (c !== 0x7d) return undefined;
  }
  return skipSpaces(input, i + 1) === input.length ? matchers : undefined;
}

/**
 * Checks one `match[]` selector as Prometheus `version` does at /federate. Pure; never throws.
 */
export function checkSelector(selector: string, version: PromVersion): SelectorAnalysis {
  const matchers = checkPlainSelector(selector, version);
  return matchers ? analysis([], matchers) : parseSelector(selector, version);
}

/** checkSelector through the lexer and the grammar whatever the shape (checkSelector reads the common ones directly). */
export function parseSelector(selector: string, version: PromVersion): SelectorAnalysis {
  const p = new SelectorParser(selector, version);
  p.parse();
  return analysis(p.error ? [p.error] : [], p.matchers);
}

function analysis(errors: SelectorError[], matchers: Matcher[]): SelectorAnalysis {
  const named = matchers.find((m) => m.source !== 'label') ?? matchers.find((m) => m.name === '__name__' && m.op === '=');
  return named ? { errors, matchers, metricName: named.value } : { errors, matchers };
}
