/**
 * The PromQL lexer, as Prometheus' /federate runs it on a `match[]` value: same tokens, same error texts, same
 * positions (byte columns are computed at the edge, in promql.ts). Only what a selector can reach is here
 * (no series-description or histogram states).
 *
 * Mirrors promql/parser/lex.go (v2.42.0): lexStatements, lexInsideBraces, lexString, lexEscape, scanNumber.
 */

export type ItemType =
  | 'EOF' | 'ERROR' | 'COMMENT' | 'IDENTIFIER' | 'METRIC_IDENTIFIER' | 'STRING' | 'NUMBER' | 'DURATION'
  | 'LEFT_PAREN' | 'RIGHT_PAREN' | 'LEFT_BRACE' | 'RIGHT_BRACE' | 'LEFT_BRACKET' | 'RIGHT_BRACKET'
  | 'COMMA' | 'EQL' | 'COLON'
  // Operators (lex.go IsOperator).
  | 'ADD' | 'DIV' | 'EQLC' | 'EQL_REGEX' | 'GTE' | 'GTR' | 'LAND' | 'LOR' | 'LSS' | 'LTE' | 'LUNLESS' | 'MOD'
  | 'MUL' | 'NEQ' | 'NEQ_REGEX' | 'POW' | 'SUB' | 'AT' | 'ATAN2'
  // Aggregators.
  | 'AVG' | 'BOTTOMK' | 'COUNT' | 'COUNT_VALUES' | 'GROUP' | 'MAX' | 'MIN' | 'QUANTILE' | 'STDDEV' | 'STDVAR'
  | 'SUM' | 'TOPK' | 'LIMITK' | 'LIMIT_RATIO'
  // Keywords.
  | 'BOOL' | 'BY' | 'GROUP_LEFT' | 'GROUP_RIGHT' | 'IGNORING' | 'OFFSET' | 'ON' | 'WITHOUT'
  // Preprocessors.
  | 'START' | 'END';

export interface Item {
  readonly typ: ItemType;
  /** Offset (UTF-16) of the item's first character in the selector. */
  readonly pos: number;
  readonly val: string;
}

const OPERATORS = new Set<ItemType>([
  'ADD', 'DIV', 'EQLC', 'EQL_REGEX', 'GTE', 'GTR', 'LAND', 'LOR', 'LSS', 'LTE', 'LUNLESS', 'MOD', 'MUL', 'NEQ',
  'NEQ_REGEX', 'POW', 'SUB', 'AT', 'ATAN2',
]);
const AGGREGATORS = new Set<ItemType>([
  'AVG', 'BOTTOMK', 'COUNT', 'COUNT_VALUES', 'GROUP', 'MAX', 'MIN', 'QUANTILE', 'STDDEV', 'STDVAR', 'SUM', 'TOPK',
  'LIMITK', 'LIMIT_RATIO',
]);
const KEYWORD_ITEMS = new Set<ItemType>(['BOOL', 'BY', 'GROUP_LEFT', 'GROUP_RIGHT', 'IGNORING', 'OFFSET', 'ON', 'WITHOUT']);

/** lex.go `key`; `limitk`/`limit_ratio` only exist in 3.x. */
/** Built once per version: a lexer is made for every selector. */
function keywordsFor(version: '2' | '3'): ReadonlyMap<string, ItemType> {
  const key = new Map<string, ItemType>([
    ['and', 'LAND'], ['or', 'LOR'], ['unless', 'LUNLESS'], ['atan2', 'ATAN2'],
    ['sum', 'SUM'], ['avg', 'AVG'], ['count', 'COUNT'], ['min', 'MIN'], ['max', 'MAX'], ['group', 'GROUP'],
    ['stddev', 'STDDEV'], ['stdvar', 'STDVAR'], ['topk', 'TOPK'], ['bottomk', 'BOTTOMK'],
    ['count_values', 'COUNT_VALUES'], ['quantile', 'QUANTILE'],
    ['offset', 'OFFSET'], ['by', 'BY'], ['without', 'WITHOUT'], ['on', 'ON'], ['ignoring', 'IGNORING'],
    ['group_left', 'GROUP_LEFT'], ['group_right', 'GROUP_RIGHT'], ['bool', 'BOOL'],
    ['start', 'START'], ['end', 'END'],
    ['inf', 'NUMBER'], ['nan', 'NUMBER'],
  ]);
  if (version === '3') {
    key.set('limitk', 'LIMITK');
    key.set('limit_ratio', 'LIMIT_RATIO');
  }
  return key;
}

const KEYWORDS = { '2': keywordsFor('2'), '3': keywordsFor('3') };

/** Whether lex.go reads `word` as a keyword (case-insensitively) rather than an identifier. */
export function isKeyword(word: string, version: '2' | '3'): boolean {
  return KEYWORDS[version].has(word.toLowerCase());
}

/** Item types with a fixed text in lex.go's ItemTypeStr (punctuation, operators, keywords). */
const ITEM_TYPE_STR = new Set<ItemType>([
  'LEFT_PAREN', 'RIGHT_PAREN', 'LEFT_BRACE', 'RIGHT_BRACE', 'LEFT_BRACKET', 'RIGHT_BRACKET', 'COMMA', 'EQL', 'COLON',
  'SUB', 'ADD', 'MUL', 'MOD', 'DIV', 'EQLC', 'NEQ', 'LTE', 'LSS', 'GTE', 'GTR', 'EQL_REGEX', 'NEQ_REGEX', 'POW',
  'LAND', 'LOR', 'LUNLESS', 'ATAN2', ...AGGREGATORS, ...KEYWORD_ITEMS, 'START', 'END',
]);

/** Go's goyacc token number for `@`, which lex.go prints as `<Item 57385>` (2.42). */
const AT_ITEM_NUMBER = 57385;

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.IsPrint, near enough (letters, marks, numbers, punctuation, symbols, ASCII space). */
export function isGoPrint(ch: string): boolean {
  return PRINTABLE.test(ch);
}

function escapeRune(ch: string, quote: string): string {
  switch (ch) {
    case '\x07': return '\\a';
    case '\b': return '\\b';
    case '\f': return '\\f';
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    case '\v': return '\\v';
    case '\\': return '\\\\';
  }
  if (ch === quote) return '\\' + ch;
  if (isGoPrint(ch)) return ch;
  const cp = ch.codePointAt(0)!;
  if (cp >= 0xd800 && cp < 0xe000) return '\\ufffd';
  if (cp < 0x80) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** Go's `%q` of a string; `%.Nq` when `maxRunes` is given (truncates before quoting). */
export function goQuote(s: string, maxRunes?: number): string {
  let runes = [...s];
  if (maxRunes !== undefined) runes = runes.slice(0, maxRunes);
  return '"' + runes.map((r) => escapeRune(r, '"')).join('') + '"';
}

/** Go's `%q` of a rune; -1 (eof) prints as the replacement character, as Go does for an invalid rune. */
export function goQuoteRune(r: string | -1): string {
  return "'" + (r === -1 ? '\ufffd' : escapeRune(r, "'")) + "'";
}

/** Go's `%#U`: `U+0071 'q'`, or just `U+0009` when not printable. */
export function goUnicode(r: string): string {
  const cp = r.codePointAt(0)!;
  const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return isGoPrint(r) ? `${hex} '${r}'` : hex;
}

/** Item.String() in lex.go. */
function itemString(i: Item): string {
  if (i.typ === 'EOF') return 'EOF';
  if (i.typ === 'ERROR') return i.val;
  if (i.typ === 'IDENTIFIER' || i.typ === 'METRIC_IDENTIFIER') return goQuote(i.val);
  if (KEYWORD_ITEMS.has(i.typ)) return `<${i.val}>`;
  if (OPERATORS.has(i.typ)) return `<op:${i.val}>`;
  if (AGGREGATORS.has(i.typ)) return `<aggr:${i.val}>`;
  if ([...i.val].length > 10) return goQuote(i.val, 10) + '...';
  return goQuote(i.val);
}

/** Item.desc() in lex.go: how the parser names a token in "unexpected …". */
export function describeItem(i: Item): string {
  if (ITEM_TYPE_STR.has(i.typ)) return itemString(i);
  if (i.typ === 'EOF') return 'end of input';
  const typeDesc: Partial<Record<ItemType, string>> = {
    ERROR: 'error', COMMENT: 'comment', IDENTIFIER: 'identifier', METRIC_IDENTIFIER: 'metric identifier',
    STRING: 'string', NUMBER: 'number', DURATION: 'duration',
  };
  const desc = typeDesc[i.typ] ?? goQuote(`<Item ${i.typ === 'AT' ? AT_ITEM_NUMBER : 0}>`);
  return `${desc} ${itemString(i)}`;
}

const EOF = -1;
type Rune = string | typeof EOF;
type StateFn = ((l: Lexer) => StateFn) | null;

const isSpace = (r: Rune) => r === ' ' || r === '\t' || r === '\n' || r === '\r';
const isDigit = (r: Rune) => typeof r === 'string' && r >= '0' && r <= '9';
const isAlpha = (r: Rune) => r === '_' || (typeof r === 'string' && ((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')));
const isAlphaNumeric = (r: Rune) => isAlpha(r) || isDigit(r);
const isEndOfLine = (r: Rune) => r === '\r' || r === '\n';

/** Go's utf8.RuneError: a literal U+FFFD or, in a JavaScript string, a lone surrogate. */
function isRuneError(r: Rune): boolean {
  if (r === EOF) return false;
  const cp = r.codePointAt(0)!;
  return cp === 0xfffd || (cp >= 0xd800 && cp < 0xe000);
}

export class Lexer {
  pos = 0;
  start = 0;
  private width = 0;
  private item: Item | undefined;
  private state: StateFn = lexStatements;
  parenDepth = 0;
  braceOpen = false;
  bracketOpen = false;
  gotColon = false;
  stringOpen = '';
  readonly keywords: ReadonlyMap<string, ItemType>;

  constructor(
    readonly input: string,
    version: '2' | '3',
  ) {
    this.keywords = KEYWORDS[version];
  }

  next(): Rune {
    const pos = this.pos;
    if (pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const unit = this.input.charCodeAt(pos);
    if (unit < 0xd800 || unit > 0xdbff) {
      // Not the first half of a surrogate pair: the rune is this one unit.
      this.width = 1;
      this.pos = pos + 1;
      return this.input[pos];
    }
    const cp = this.input.codePointAt(pos)!;
    const r = String.fromCodePoint(cp);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  peek(): Rune {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    this.pos -= this.width;
  }

  emit(typ: ItemType): void {
    this.item = { typ, pos: this.start, val: this.input.slice(this.start, this.pos) };
    this.start = this.pos;
  }

  ignore(): void {
    this.start = this.pos;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(r)) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (let r = this.next(); r !== EOF && valid.includes(r); r = this.next()) {
      // consume
    }
    this.backup();
  }

  errorf(message: string): StateFn {
    this.item = { typ: 'ERROR', pos: this.start, val: message };
    return null;
  }

  /** The next item; after an ERROR or EOF the lexer keeps answering EOF. */
  nextItem(): Item {
    this.item = undefined;
    if (this.state === null) {
      this.emit('EOF');
    } else {
      while (this.item === undefined && this.state !== null) this.state = this.state(this);
      if (this.item === undefined) this.emit('EOF');
    }
    return this.item!;
  }

  scanNumber(): boolean {
    let digits = '0123456789';
    if (this.accept('0') && this.accept('xX')) digits = '0123456789abcdefABCDEF';
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789');
    }
    return !isAlphaNumeric(this.peek());
  }
}

function lexStatements(l: Lexer): StateFn {
  if (l.braceOpen) return lexInsideBraces;
  if (l.input.startsWith('#', l.pos)) return lexLineComment;
  const r = l.next();
  switch (true) {
    case r === EOF:
      if (l.parenDepth !== 0) return l.errorf('unclosed left parenthesis');
      if (l.bracketOpen) return l.errorf('unclosed left bracket');
      l.emit('EOF');
      return null;
    case r === ',':
      l.emit('COMMA');
      break;
    case isSpace(r):
      return lexSpace;
    case r === '*':
      l.emit('MUL');
      break;
    case r === '/':
      l.emit('DIV');
      break;
    case r === '%':
      l.emit('MOD');
      break;
    case r === '+':
      l.emit('ADD');
      break;
    case r === '-':
      l.emit('SUB');
      break;
    case r === '^':
      l.emit('POW');
      break;
    case r === '=': {
      const t = l.peek();
      if (t === '=') {
        l.next();
        l.emit('EQLC');
      } else if (t === '~') {
        return l.errorf(`unexpected character after '=': ${goQuoteRune(t)}`);
      } else {
        l.emit('EQL');
      }
      break;
    }
    case r === '!': {
      const t = l.next();
      if (t === '=') l.emit('NEQ');
      else return l.errorf(`unexpected character after '!': ${goQuoteRune(t)}`);
      break;
    }
    case r === '<':
      if (l.peek() === '=') {
        l.next();
        l.emit('LTE');
      } else l.emit('LSS');
      break;
    case r === '>':
      if (l.peek() === '=') {
        l.next();
        l.emit('GTE');
      } else l.emit('GTR');
      break;
    case isDigit(r) || (r === '.' && isDigit(l.peek())):
      l.backup();
      return lexNumberOrDuration;
    case r === '"' || r === "'":
      l.stringOpen = r as string;
      return lexString;
    case r === '`':
      l.stringOpen = r;
      return lexRawString;
    case isAlpha(r) || r === ':':
      if (!l.bracketOpen) {
        l.backup();
        return lexKeywordOrIdentifier;
      }
      if (l.gotColon) return l.errorf(`unexpected colon ${goQuoteRune(r)}`);
      l.emit('COLON');
      l.gotColon = true;
      break;
    case r === '(':
      l.emit('LEFT_PAREN');
      l.parenDepth++;
      return lexStatements;
    case r === ')':
      l.emit('RIGHT_PAREN');
      l.parenDepth--;
      // lex.go overwrites the emitted item, so the error sits just after the `)`.
      if (l.parenDepth < 0) return l.errorf(`unexpected right parenthesis ${goQuoteRune(r)}`);
      return lexStatements;
    case r === '{':
      l.emit('LEFT_BRACE');
      l.braceOpen = true;
      return lexInsideBraces;
    case r === '[':
      if (l.bracketOpen) return l.errorf(`unexpected left bracket ${goQuoteRune(r)}`);
      l.gotColon = false;
      l.emit('LEFT_BRACKET');
      if (isSpace(l.peek())) {
        while (isSpace(l.peek())) l.next();
        l.ignore();
      }
      l.bracketOpen = true;
      return lexDuration;
    case r === ']':
      if (!l.bracketOpen) return l.errorf(`unexpected right bracket ${goQuoteRune(r)}`);
      l.emit('RIGHT_BRACKET');
      l.bracketOpen = false;
      break;
    case r === '@':
      l.emit('AT');
      break;
    default:
      return l.errorf(`unexpected character: ${goQuoteRune(r)}`);
  }
  return lexStatements;
}

function lexInsideBraces(l: Lexer): StateFn {
  if (l.input.startsWith('#', l.pos)) return lexLineComment;
  const r = l.next();
  switch (true) {
    case r === EOF:
      return l.errorf('unexpected end of input inside braces');
    case isSpace(r):
      return lexSpace;
    case isAlpha(r):
      l.backup();
      return lexIdentifier;
    case r === ',':
      l.emit('COMMA');
      break;
    case r === '"' || r === "'":
      l.stringOpen = r as string;
      return lexString;
    case r === '`':
      l.stringOpen = r;
      return lexRawString;
    case r === '=':
      if (l.next() === '~') {
        l.emit('EQL_REGEX');
        break;
      }
      l.backup();
      l.emit('EQL');
      break;
    case r === '!': {
      const nr = l.next();
      if (nr === '~') l.emit('NEQ_REGEX');
      else if (nr === '=') l.emit('NEQ');
      else return l.errorf(`unexpected character after '!' inside braces: ${goQuoteRune(nr)}`);
      break;
    }
    case r === '{':
      return l.errorf(`unexpected left brace ${goQuoteRune(r)}`);
    case r === '}':
      l.emit('RIGHT_BRACE');
      l.braceOpen = false;
      return lexStatements;
    default:
      return l.errorf(`unexpected character inside braces: ${goQuoteRune(r)}`);
  }
  return lexInsideBraces;
}

function digitVal(r: Rune): number {
  if (r === EOF) return 16;
  const v = parseInt(r, 16);
  return /^[0-9a-fA-F]$/.test(r) ? v : 16;
}

function lexEscape(l: Lexer): StateFn {
  let ch = l.next();
  let n: number;
  let base: number;
  let max: number;
  switch (ch) {
    case 'a': case 'b': case 'f': case 'n': case 'r': case 't': case 'v': case '\\': case l.stringOpen:
      return lexString;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
      [n, base, max] = [3, 8, 255];
      break;
    case 'x':
      ch = l.next();
      [n, base, max] = [2, 16, 255];
      break;
    case 'u':
      ch = l.next();
      [n, base, max] = [4, 16, 0x10ffff];
      break;
    case 'U':
      ch = l.next();
      [n, base, max] = [8, 16, 0x10ffff];
      break;
    case EOF:
      l.errorf('escape sequence not terminated');
      return lexString;
    default:
      l.errorf(`unknown escape sequence ${goUnicode(ch)}`);
      return lexString;
  }
  let x = 0;
  while (n > 0) {
    const d = digitVal(ch);
    if (d >= base) {
      if (ch === EOF) l.errorf('escape sequence not terminated');
      else l.errorf(`illegal character ${goUnicode(ch)} in escape sequence`);
      return lexString;
    }
    x = x * base + d;
    n--;
    if (n > 0) ch = l.next();
  }
  if (x > max || (0xd800 <= x && x < 0xe000)) l.errorf('escape sequence is an invalid Unicode code point');
  return lexString;
}

/** ASCII letters, digits and `_` (isAlphaNumeric), by code unit. */
export function isAlphaNumericUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

/** A unit lexString takes without a second look: not the quote, a backslash, a line break, a surrogate or U+FFFD. */
export function isPlainStringUnit(c: number, quote: number): boolean {
  return c !== quote && c !== 0x5c && c !== 0x0a && (c < 0xd800 || c > 0xdfff) && c !== 0xfffd;
}

function lexString(l: Lexer): StateFn {
  const input = l.input;
  const quote = l.stringOpen.charCodeAt(0);
  for (;;) {
    let p = l.pos;
    while (p < input.length && isPlainStringUnit(input.charCodeAt(p), quote)) p++;
    l.pos = p;
    const r = l.next();
    if (r === '\\') return lexEscape;
    if (isRuneError(r)) {
      l.errorf('invalid UTF-8 rune');
      return lexString;
    }
    if (r === EOF || r === '\n') return l.errorf('unterminated quoted string');
    if (r === l.stringOpen) break;
  }
  l.emit('STRING');
  return lexStatements;
}

function lexRawString(l: Lexer): StateFn {
  for (;;) {
    const r = l.next();
    if (isRuneError(r)) {
      l.errorf('invalid UTF-8 rune');
      return lexRawString;
    }
    if (r === EOF) {
      l.errorf('unterminated raw string');
      return lexRawString;
    }
    if (r === l.stringOpen) break;
  }
  l.emit('STRING');
  return lexStatements;
}

function lexSpace(l: Lexer): StateFn {
  while (isSpace(l.peek())) l.next();
  l.ignore();
  return lexStatements;
}

function lexLineComment(l: Lexer): StateFn {
  l.pos += 1;
  let r = l.next();
  while (!isEndOfLine(r) && r !== EOF) r = l.next();
  l.backup();
  l.emit('COMMENT');
  return lexStatements;
}

function acceptRemainingDuration(l: Lexer): boolean {
  if (!l.accept('smhdwy')) return false;
  l.accept('s');
  while (l.accept('0123456789')) {
    while (l.accept('0123456789')) {
      // consume
    }
    if (!l.accept('smhdw')) return false;
    l.accept('s');
  }
  return !isAlphaNumeric(l.next());
}

function lexDuration(l: Lexer): StateFn {
  if (l.scanNumber()) return l.errorf('missing unit character in duration');
  if (!acceptRemainingDuration(l)) return l.errorf(`bad duration syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  l.backup();
  l.emit('DURATION');
  return lexStatements;
}

function lexNumberOrDuration(l: Lexer): StateFn {
  if (l.scanNumber()) {
    l.emit('NUMBER');
    return lexStatements;
  }
  if (acceptRemainingDuration(l)) {
    l.backup();
    l.emit('DURATION');
    return lexStatements;
  }
  return l.errorf(`bad number or duration syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
}

function lexIdentifier(l: Lexer): StateFn {
  let p = l.pos;
  while (p < l.input.length && isAlphaNumericUnit(l.input.charCodeAt(p))) p++;
  l.pos = p;
  l.emit('IDENTIFIER');
  return lexStatements;
}

function lexKeywordOrIdentifier(l: Lexer): StateFn {
  let p = l.pos;
  while (p < l.input.length && (isAlphaNumericUnit(l.input.charCodeAt(p)) || l.input.charCodeAt(p) === 0x3a)) p++;
  l.pos = p;
  const word = l.input.slice(l.start, l.pos);
  const kw = l.keywords.get(word.toLowerCase());
  if (kw) l.emit(kw);
  else if (!word.includes(':')) l.emit('IDENTIFIER');
  else l.emit('METRIC_IDENTIFIER');
  return lexStatements;
}
