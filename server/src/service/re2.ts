/**
 * Go `regexp/syntax` (RE2) parsing, in TypeScript: accepts exactly what Go's parser accepts with the Perl flags
 * `regexp.Compile` uses, and fails with Go's error text where Go fails. Prometheus compiles every `=~`/`!~`
 * value this way, so a regex JavaScript would accept (look-ahead, back-references) may still be a 400.
 *
 * Mirrors go/src/regexp/syntax/parse.go (parse, parsePerlFlags, parseRepeat, parseEscape, parseClass,
 * parseUnicodeClass, parseNamedClass). Not mirrored: the size/nesting limits (ErrLarge, ErrNestingDepth) and
 * invalid UTF-8 (a JavaScript string has none).
 */

/** Which Go the target Prometheus was built with: 2.42 (Debian) uses 1.19; 3.x uses a current Go. */
export type GoRegexpDialect = 'go1.19' | 'modern';

export interface RegexOptions {
  readonly dialect?: GoRegexpDialect;
}

/** Go's ErrorCode strings (regexp/syntax/parse.go). */
export const RegexErrorCode = {
  invalidCharClass: 'invalid character class',
  invalidCharRange: 'invalid character class range',
  invalidEscape: 'invalid escape sequence',
  invalidNamedCapture: 'invalid named capture',
  invalidPerlOp: 'invalid or unsupported Perl syntax',
  invalidRepeatOp: 'invalid nested repetition operator',
  invalidRepeatSize: 'invalid repeat count',
  missingBracket: 'missing closing ]',
  missingParen: 'missing closing )',
  missingRepeatArgument: 'missing argument to repetition operator',
  trailingBackslash: 'trailing backslash at end of expression',
  unexpectedParen: 'unexpected )',
} as const;

export interface RegexError {
  /** Go's error code text, e.g. `missing closing )`. */
  readonly code: string;
  /** The offending text Go quotes. */
  readonly expr: string;
  /** Go's whole message: ``error parsing regexp: <code>: `<expr>` ``. */
  readonly message: string;
  /** The characters to underline, as offsets into the pattern (narrower than `expr` for paren errors). */
  readonly start: number;
  readonly end: number;
}

/** A small syntax tree, enough to reason about what a pattern matches. */
export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'literal'; readonly text: string }
  /** `.`; `newline` says whether it also matches `\n` (flag `s`). */
  | { readonly kind: 'any'; readonly newline: boolean }
  /** A character class; `all` when it certainly matches every character (`[\s\S]`, `\p{Any}`). */
  | { readonly kind: 'class'; readonly all: boolean }
  | { readonly kind: 'assert'; readonly which: 'begin' | 'end' | 'wordBoundary' | 'noWordBoundary' }
  | { readonly kind: 'concat'; readonly subs: readonly RegexNode[] }
  | { readonly kind: 'alternate'; readonly subs: readonly RegexNode[] }
  | { readonly kind: 'group'; readonly sub: RegexNode; readonly capture: boolean }
  /** `*` `+` `?` and `{n,m}` (max -1: unbounded); `counted` for the `{}` form. */
  | { readonly kind: 'repeat'; readonly sub: RegexNode; readonly min: number; readonly max: number; readonly counted: boolean };

export type RegexParseResult =
  | { readonly ok: true; readonly node: RegexNode }
  | { readonly ok: false; readonly error: RegexError };

interface Flags {
  foldCase: boolean;
  oneLine: boolean;
  dotNL: boolean;
  nonGreedy: boolean;
}

class RegexSyntaxError extends Error {
  constructor(readonly detail: RegexError) {
    super(detail.message);
  }
}

// Go 1.19 (Unicode 13.0.0) unicode.Categories and unicode.Scripts keys.
const GO119_CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);
const GO119_SCRIPTS = new Set(
  ('Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali Bhaiksuki ' +
    'Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian Chakma Cham Cherokee ' +
    'Chorasmian Common Coptic Cuneiform Cypriot Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan ' +
    'Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi ' +
    'Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited ' +
    'Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kayah_Li Kharoshthi ' +
    'Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian ' +
    'Mahajani Makasar Malayalam Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui ' +
    'Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nandinagari ' +
    'New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian ' +
    'Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Oriya Osage Osmanya Pahawh_Hmong Palmyrene ' +
    'Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham ' +
    'SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le ' +
    'Tai_Tham Tai_Viet Takri Tamil Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Ugaritic Vai Wancho ' +
    'Warang_Citi Yezidi Yi Zanabazar_Square').split(' '),
);
// Unicode 14-16 additions a current Go knows.
const MODERN_EXTRA_SCRIPTS = 'Cypro_Minoan Old_Uyghur Tangsa Toto Vithkuqi Kawi Nag_Mundari Garay Gurung_Khema Kirat_Rai Ol_Onal Sunuwar Todhri Tulu_Tigalari'.split(' ');
const MODERN_CATEGORY_ALIASES: Record<string, string> = {
  Other: 'C', Control: 'Cc', Format: 'Cf', Private_Use: 'Co', Surrogate: 'Cs', Letter: 'L', Lowercase_Letter: 'Ll',
  Modifier_Letter: 'Lm', Other_Letter: 'Lo', Titlecase_Letter: 'Lt', Uppercase_Letter: 'Lu', Cased_Letter: 'LC',
  Mark: 'M', Combining_Mark: 'M', Spacing_Mark: 'Mc', Enclosing_Mark: 'Me', Nonspacing_Mark: 'Mn', Number: 'N',
  Decimal_Number: 'Nd', Digit: 'Nd', Letter_Number: 'Nl', Other_Number: 'No', Punctuation: 'P', Punct: 'P',
  Connector_Punctuation: 'Pc', Dash_Punctuation: 'Pd', Close_Punctuation: 'Pe', Final_Punctuation: 'Pf',
  Initial_Punctuation: 'Pi', Other_Punctuation: 'Po', Open_Punctuation: 'Ps', Symbol: 'S', Currency_Symbol: 'Sc',
  Modifier_Symbol: 'Sk', Math_Symbol: 'Sm', Other_Symbol: 'So', Separator: 'Z', Line_Separator: 'Zl',
  Paragraph_Separator: 'Zp', Space_Separator: 'Zs', Unassigned: 'Cn',
};

const POSIX_CLASSES = new Set(
  'alnum alpha ascii blank cntrl digit graph lower print punct space upper word xdigit'.split(' '),
);
const PERL_CLASSES = new Set(['d', 'D', 's', 'S', 'w', 'W']);

/** Go's canonicalName (current Go only): first letter upper, rest lower, `_ -` and spaces dropped. */
function canonicalName(name: string): string {
  let out = '';
  let first = true;
  for (const ch of name) {
    if (ch === '_' || ch === '-' || ch === ' ') continue;
    out += first ? ch.toUpperCase() : ch.toLowerCase();
    first = false;
  }
  return out;
}

let modernTable: Map<string, boolean> | undefined;
function modernUnicodeName(name: string): { known: boolean; all: boolean } {
  if (!modernTable) {
    modernTable = new Map();
    for (const c of GO119_CATEGORIES) modernTable.set(canonicalName(c), false);
    for (const c of ['LC', 'Cn']) modernTable.set(canonicalName(c), false);
    for (const s of [...GO119_SCRIPTS, ...MODERN_EXTRA_SCRIPTS]) modernTable.set(canonicalName(s), false);
    for (const a of Object.keys(MODERN_CATEGORY_ALIASES)) modernTable.set(canonicalName(a), false);
    modernTable.set('Any', true);
    modernTable.set('Assigned', false);
    modernTable.set('Ascii', false);
  }
  const hit = modernTable.get(canonicalName(name));
  return { known: hit !== undefined, all: hit === true };
}

function unicodeName(name: string, dialect: GoRegexpDialect): { known: boolean; all: boolean } {
  if (dialect === 'modern') return modernUnicodeName(name);
  if (name === 'Any') return { known: true, all: true };
  return { known: GO119_CATEGORIES.has(name) || GO119_SCRIPTS.has(name), all: false };
}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

function unhex(c: string): number {
  return /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1;
}

/** One code point at `i` (a JavaScript string is always valid enough for Go's nextRune here). */
function runeAt(s: string, i: number): string {
  if (i < 0 || i >= s.length) return '';
  const unit = s.charCodeAt(i);
  // Not the first half of a surrogate pair: the rune is this one unit.
  if (unit < 0xd800 || unit > 0xdbff) return s[i];
  return String.fromCodePoint(s.codePointAt(i)!);
}

interface Frame {
  /** Index of the `(` that opened it; -1 for the top level. */
  readonly open: number;
  readonly capture: boolean;
  /** Flags in force before the group, restored at its `)`. */
  readonly saved: Flags;
  readonly alternatives: RegexNode[];
  current: RegexNode[];
}

/** A `{n,m}` or `{n}`/`{n,}` at `i`, as Go's parseRepeat reads it; undefined when `{` is a literal. */
function parseRepeatAt(s: string, i: number): { min: number; max: number; end: number } | undefined {
  let j = i + 1;
  const int = (): number | undefined => {
    if (j >= s.length || s[j] < '0' || s[j] > '9') return undefined;
    // Go: leading zeros make `{` a literal.
    if (s[j] === '0' && j + 1 < s.length && s[j + 1] >= '0' && s[j + 1] <= '9') return undefined;
    let n = 0;
    while (j < s.length && s[j] >= '0' && s[j] <= '9') {
      if (n >= 1e8) n = -1;
      else if (n >= 0) n = n * 10 + (s.charCodeAt(j) - 48);
      j++;
    }
    return n;
  };
  let min = int();
  if (min === undefined || j >= s.length) return undefined;
  let max: number;
  if (s[j] !== ',') {
    max = min;
  } else {
    j++;
    if (j >= s.length) return undefined;
    if (s[j] === '}') {
      max = -1;
    } else {
      const m = int();
      if (m === undefined) return undefined;
      max = m;
      if (max < 0) min = -1;
    }
  }
  if (j >= s.length || s[j] !== '}') return undefined;
  return { min, max, end: j + 1 };
}

/** Go's repeatIsValid: nested counted repetitions may not multiply beyond 1000 copies. */
function repeatIsValid(node: RegexNode, n: number): boolean {
  if (node.kind === 'repeat' && node.counted) {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  switch (node.kind) {
    case 'concat':
    case 'alternate':
      return node.subs.every((s) => repeatIsValid(s, n));
    case 'group':
    case 'repeat':
      return repeatIsValid(node.sub, n);
    default:
      return true;
  }
}

class Parser {
  private flags: Flags = { foldCase: false, oneLine: true, dotNL: false, nonGreedy: false };
  private readonly stack: Frame[];
  private i = 0;
  /** Start of the repetition operator just read, or -1 (Go's lastRepeat). */
  private lastRepeat = -1;

  /** Where the group opened at `watchOpen` was closed (the index of its `)`), and its body; -1 until then. */
  watchedClose = -1;
  watchedBody: RegexNode | undefined;

  constructor(
    private readonly s: string,
    private readonly dialect: GoRegexpDialect,
    private readonly watchOpen = -1,
  ) {
    this.stack = [{ open: -1, capture: false, saved: this.flags, alternatives: [], current: [] }];
  }

  private fail(code: string, exprStart: number, exprEnd: number, start = exprStart, end = exprEnd): never {
    const expr = this.s.slice(exprStart, exprEnd);
    throw new RegexSyntaxError({
      code,
      expr,
      message: `error parsing regexp: ${code}: \`${expr}\``,
      start,
      end: Math.max(end, start),
    });
  }

  private get frame(): Frame {
    return this.stack[this.stack.length - 1];
  }

  private push(node: RegexNode): void {
    this.frame.current.push(node);
  }

  parse(): RegexNode {
    const s = this.s;
    while (this.i < s.length) {
      let repeatStart = -1;
      const c = s[this.i];
      switch (c) {
        case '(':
          if (s[this.i + 1] === '?') this.parsePerlFlags();
          else this.openGroup(this.i, true, 1);
          break;
        case '|':
          this.frame.alternatives.push(concatOf(this.frame.current));
          this.frame.current = [];
          this.i++;
          break;
        case ')':
          this.closeGroup();
          break;
        case '^':
          this.push({ kind: 'assert', which: 'begin' });
          this.i++;
          break;
        case '$':
          this.push({ kind: 'assert', which: 'end' });
          this.i++;
          break;
        case '.':
          this.push({ kind: 'any', newline: this.flags.dotNL });
          this.i++;
          break;
        case '[':
          this.parseClass();
          break;
        case '*':
        case '+':
        case '?': {
          repeatStart = this.i;
          const [min, max] = c === '*' ? [0, -1] : c === '+' ? [1, -1] : [0, 1];
          this.repeat(min, max, false, this.i + 1);
          break;
        }
        case '{': {
          const r = parseRepeatAt(s, this.i);
          if (!r) {
            this.literal('{');
            this.i++;
            break;
          }
          repeatStart = this.i;
          if (r.min < 0 || r.min > 1000 || r.max > 1000 || (r.max >= 0 && r.min > r.max)) {
            this.fail(RegexErrorCode.invalidRepeatSize, this.i, r.end);
          }
          this.repeat(r.min, r.max, true, r.end);
          break;
        }
        case '\\':
          this.parseBackslash();
          break;
        default: {
          const r = runeAt(s, this.i);
          this.literal(r);
          this.i += r.length;
        }
      }
      this.lastRepeat = repeatStart;
    }
    if (this.stack.length !== 1) this.fail(RegexErrorCode.missingParen, 0, s.length, this.frame.open, this.frame.open + 1);
    const top = this.stack[0];
    return alternateOf([...top.alternatives, concatOf(top.current)]);
  }

  private literal(text: string): void {
    this.push({ kind: 'literal', text });
  }

  private openGroup(open: number, capture: boolean, width: number): void {
    this.stack.push({ open, capture, saved: { ...this.flags }, alternatives: [], current: [] });
    this.i = open + width;
  }

  private closeGroup(): void {
    if (this.stack.length < 2) this.fail(RegexErrorCode.unexpectedParen, 0, this.s.length, this.i, this.i + 1);
    const f = this.stack.pop()!;
    this.flags = f.saved;
    const body = alternateOf([...f.alternatives, concatOf(f.current)]);
    if (f.open === this.watchOpen) {
      this.watchedClose = this.i;
      this.watchedBody = body;
    }
    this.push({ kind: 'group', sub: body, capture: f.capture });
    this.i++;
  }

  /** `after` is the offset just past the operator; a following `?` makes it non-greedy. */
  private repeat(min: number, max: number, counted: boolean, after: number): void {
    const before = this.i;
    if (this.s[after] === '?') after++;
    if (this.lastRepeat >= 0) this.fail(RegexErrorCode.invalidRepeatOp, this.lastRepeat, after);
    const cur = this.frame.current;
    if (cur.length === 0) this.fail(RegexErrorCode.missingRepeatArgument, before, after);
    const node: RegexNode = { kind: 'repeat', sub: cur[cur.length - 1], min, max, counted };
    cur[cur.length - 1] = node;
    if (counted && (min >= 2 || max >= 2) && !repeatIsValid(node, 1000)) {
      this.fail(RegexErrorCode.invalidRepeatSize, before, after);
    }
    this.i = after;
  }

  private parsePerlFlags(): void {
    const s = this.s;
    const start = this.i;
    const t = s.slice(start);
    const startsWithP = t.length > 4 && t[2] === 'P' && t[3] === '<';
    // `(?<name>` arrived in Go 1.22.
    const startsWithName = this.dialect === 'modern' && t.length > 3 && t[2] === '<';
    if (startsWithP || startsWithName) {
      const exprStart = startsWithP ? 4 : 3;
      const end = t.indexOf('>');
      if (end < 0) this.fail(RegexErrorCode.invalidNamedCapture, start, s.length);
      const name = t.slice(exprStart, end);
      if (name === '' || ![...name].every((ch) => ch === '_' || isAlnum(ch))) {
        this.fail(RegexErrorCode.invalidNamedCapture, start, start + end + 1);
      }
      this.openGroup(start, true, end + 1);
      return;
    }
    let j = start + 2;
    const flags = { ...this.flags };
    let negate = false;
    let sawFlag = false;
    while (j < s.length) {
      const c = runeAt(s, j);
      j += c.length;
      switch (c) {
        case 'i':
          flags.foldCase = !negate;
          sawFlag = true;
          continue;
        case 'm':
          flags.oneLine = negate;
          sawFlag = true;
          continue;
        case 's':
          flags.dotNL = !negate;
          sawFlag = true;
          continue;
        case 'U':
          flags.nonGreedy = !negate;
          sawFlag = true;
          continue;
        case '-':
          if (negate) break;
          negate = true;
          sawFlag = false;
          continue;
        case ':':
        case ')':
          if (negate && !sawFlag) break;
          if (c === ':') this.openGroup(start, false, j - start);
          else this.i = j;
          this.flags = flags;
          return;
      }
      break;
    }
    this.fail(RegexErrorCode.invalidPerlOp, start, j);
  }

  private parseBackslash(): void {
    const s = this.s;
    const i = this.i;
    if (i + 1 < s.length) {
      switch (s[i + 1]) {
        case 'A':
          this.push({ kind: 'assert', which: 'begin' });
          this.i += 2;
          return;
        case 'z':
          this.push({ kind: 'assert', which: 'end' });
          this.i += 2;
          return;
        case 'b':
          this.push({ kind: 'assert', which: 'wordBoundary' });
          this.i += 2;
          return;
        case 'B':
          this.push({ kind: 'assert', which: 'noWordBoundary' });
          this.i += 2;
          return;
        case 'C':
          this.fail(RegexErrorCode.invalidEscape, i, i + 2);
          break;
        case 'Q': {
          const e = s.indexOf('\\E', i + 2);
          const lit = e < 0 ? s.slice(i + 2) : s.slice(i + 2, e);
          for (const ch of lit) this.literal(ch);
          this.i = e < 0 ? s.length : e + 2;
          return;
        }
      }
    }
    const uc = this.parseUnicodeClass(i);
    if (uc) {
      this.push({ kind: 'class', all: uc.all });
      this.i = uc.end;
      return;
    }
    if (i + 1 < s.length && PERL_CLASSES.has(s[i + 1])) {
      this.push({ kind: 'class', all: false });
      this.i = i + 2;
      return;
    }
    const e = this.parseEscape(i);
    this.literal(e.rune);
    this.i = e.end;
  }

  /** `\p{Name}`, `\pL`, `\P...` at `i`: undefined when not one; throws when committed and bad. */
  private parseUnicodeClass(i: number): { end: number; all: boolean } | undefined {
    const s = this.s;
    if (s[i] !== '\\' || (s[i + 1] !== 'p' && s[i + 1] !== 'P')) return undefined;
    let name: string;
    let end: number;
    if (s[i + 2] !== '{') {
      const c = runeAt(s, i + 2);
      end = i + 2 + c.length;
      name = c;
    } else {
      const close = s.indexOf('}', i);
      if (close < 0) this.fail(RegexErrorCode.invalidCharRange, i, s.length);
      end = close + 1;
      name = s.slice(i + 3, close);
    }
    let negated = s[i + 1] === 'P';
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const hit = unicodeName(name, this.dialect);
    if (!hit.known) this.fail(RegexErrorCode.invalidCharRange, i, end);
    return { end, all: hit.all && !negated };
  }

  /** A single-character escape at `i` (which holds `\`), as Go's parseEscape. */
  private parseEscape(i: number): { rune: string; end: number } {
    const s = this.s;
    let t = i + 1;
    if (t >= s.length) this.fail(RegexErrorCode.trailingBackslash, i + 1, i + 1, i, i + 1);
    const c = runeAt(s, t);
    t += c.length;
    const isOct = (k: number) => k < s.length && s[k] >= '0' && s[k] <= '7';
    // A lone non-zero digit would be a back-reference: unsupported. `\0` and `\1x`-style octal are fine.
    if (c === '0' || (c >= '1' && c <= '7' && isOct(t))) {
      let r = c.charCodeAt(0) - 48;
      for (let k = 1; k < 3 && isOct(t); k++, t++) r = r * 8 + (s.charCodeAt(t) - 48);
      return { rune: String.fromCodePoint(r), end: t };
    }
    switch (c) {
      case 'x': {
        if (t >= s.length) break;
        const c2 = runeAt(s, t);
        t += c2.length;
        if (c2 === '{') {
          let n = 0;
          let r = 0;
          for (;;) {
            if (t >= s.length) this.fail(RegexErrorCode.invalidEscape, i, t);
            const d = runeAt(s, t);
            t += d.length;
            if (d === '}') break;
            const v = unhex(d);
            if (v < 0) this.fail(RegexErrorCode.invalidEscape, i, t);
            r = r * 16 + v;
            if (r > 0x10ffff) this.fail(RegexErrorCode.invalidEscape, i, t);
            n++;
          }
          if (n === 0) break;
          return { rune: String.fromCodePoint(r), end: t };
        }
        const x = unhex(c2);
        const c3 = runeAt(s, t);
        t += c3.length;
        const y = unhex(c3);
        if (x < 0 || y < 0) break;
        return { rune: String.fromCodePoint(x * 16 + y), end: t };
      }
      case 'a': return { rune: '\x07', end: t };
      case 'f': return { rune: '\f', end: t };
      case 'n': return { rune: '\n', end: t };
      case 'r': return { rune: '\r', end: t };
      case 't': return { rune: '\t', end: t };
      case 'v': return { rune: '\v', end: t };
      default:
        // Escaped ASCII punctuation is itself; escaped letters and non-ASCII are errors.
        if (c.codePointAt(0)! < 0x80 && !isAlnum(c)) return { rune: c, end: t };
    }
    return this.fail(RegexErrorCode.invalidEscape, i, t);
  }

  private parseClass(): void {
    const s = this.s;
    const open = this.i;
    let t = open + 1;
    let negated = false;
    if (s[t] === '^') {
      negated = true;
      t++;
    }
    const perlSeen = new Set<string>();
    let all = false;
    let first = true;
    while (t >= s.length || s[t] !== ']' || first) {
      first = false;
      if (t + 2 < s.length && s[t] === '[' && s[t + 1] === ':') {
        const close = s.indexOf(':]', t + 2);
        if (close >= 0) {
          const name = s.slice(t, close + 2);
          const inner = name.slice(2, -2);
          if (!POSIX_CLASSES.has(inner.startsWith('^') ? inner.slice(1) : inner)) {
            this.fail(RegexErrorCode.invalidCharRange, t, close + 2);
          }
          t = close + 2;
          continue;
        }
      }
      const uc = this.parseUnicodeClass(t);
      if (uc) {
        all ||= uc.all;
        t = uc.end;
        continue;
      }
      if (s[t] === '\\' && t + 1 < s.length && PERL_CLASSES.has(s[t + 1])) {
        perlSeen.add(s[t + 1]);
        t += 2;
        continue;
      }
      const rangeStart = t;
      const lo = this.parseClassChar(t, open);
      t = lo.end;
      if (t + 1 < s.length && s[t] === '-' && s[t + 1] !== ']') {
        const hi = this.parseClassChar(t + 1, open);
        t = hi.end;
        if (hi.rune.codePointAt(0)! < lo.rune.codePointAt(0)!) this.fail(RegexErrorCode.invalidCharRange, rangeStart, t);
      }
    }
    for (const [a, b] of [['d', 'D'], ['s', 'S'], ['w', 'W']]) if (perlSeen.has(a) && perlSeen.has(b)) all = true;
    this.push({ kind: 'class', all: all && !negated });
    this.i = t + 1;
  }

  private parseClassChar(t: number, open: number): { rune: string; end: number } {
    if (t >= this.s.length) this.fail(RegexErrorCode.missingBracket, open, this.s.length, open, open + 1);
    if (this.s[t] === '\\') return this.parseEscape(t);
    const r = runeAt(this.s, t);
    return { rune: r, end: t + r.length };
  }
}

function concatOf(subs: readonly RegexNode[]): RegexNode {
  if (subs.length === 0) return { kind: 'empty' };
  return subs.length === 1 ? subs[0] : { kind: 'concat', subs: [...subs] };
}

function alternateOf(subs: readonly RegexNode[]): RegexNode {
  return subs.length === 1 ? subs[0] : { kind: 'alternate', subs: [...subs] };
}

/** Parses `pattern` as Go's regexp.Compile would (Perl flags). */
export function parseRegexp(pattern: string, options: RegexOptions = {}): RegexParseResult {
  try {
    return { ok: true, node: new Parser(pattern, options.dialect ?? 'go1.19').parse() };
  } catch (e) {
    if (e instanceof RegexSyntaxError) return { ok: false, error: e.detail };
    throw e;
  }
}

/** Go's error for `pattern`, or undefined when Go compiles it. */
export function checkRegexp(pattern: string, options: RegexOptions = {}): RegexError | undefined {
  const r = parseRegexp(pattern, options);
  return r.ok ? undefined : r.error;
}

export interface RegexMatchInfo {
  /** The fully anchored regex matches the empty string (so it also selects series without the label). */
  readonly matchesEmpty: boolean;
  /** It matches every value; `.` counts as matching everything (label values with newlines are rare). */
  readonly matchesEverything: boolean;
  /** It matches every non-empty value (`.+`); true as well when `matchesEverything`. */
  readonly matchesEveryNonEmpty: boolean;
}

function nullable(n: RegexNode): boolean {
  switch (n.kind) {
    case 'empty':
      return true;
    case 'literal':
    case 'any':
    case 'class':
      return false;
    case 'assert':
      // ^, $, \B hold on the empty string; \b needs a word character.
      return n.which !== 'wordBoundary';
    case 'concat':
      return n.subs.every(nullable);
    case 'alternate':
      return n.subs.some(nullable);
    case 'group':
      return nullable(n.sub);
    case 'repeat':
      return n.min === 0 || nullable(n.sub);
  }
}

function anyChar(n: RegexNode): boolean {
  if (n.kind === 'any') return true;
  if (n.kind === 'class') return n.all;
  if (n.kind === 'group') return anyChar(n.sub);
  if (n.kind === 'alternate') return n.subs.some(anyChar);
  return false;
}

/** 'all': every string; 'nonEmpty': every non-empty string; 'one': every single character; 'no': not shown. */
type Coverage = 'all' | 'nonEmpty' | 'one' | 'no';

function coverage(n: RegexNode): Coverage {
  if (anyChar(n)) return 'one';
  switch (n.kind) {
    case 'group':
      return coverage(n.sub);
    case 'repeat': {
      if (n.max === 0) return 'no';
      const inner = coverage(n.sub);
      if (inner === 'all') return 'all';
      if (inner === 'nonEmpty' || (inner === 'one' && n.max === -1)) {
        return n.min === 0 ? 'all' : n.min === 1 ? 'nonEmpty' : 'no';
      }
      return 'no';
    }
    case 'alternate': {
      let nonEmpty = false;
      for (const sub of n.subs) {
        const c = coverage(sub);
        if (c === 'all') return 'all';
        if (c === 'nonEmpty') nonEmpty = true;
      }
      if (nonEmpty) return n.subs.some(nullable) ? 'all' : 'nonEmpty';
      return 'no';
    }
    case 'concat': {
      // Anchors at the very ends are neutral in a fully anchored match.
      const last = n.subs.length - 1;
      const parts = n.subs.filter(
        (s, i) => !(s.kind === 'assert' && ((s.which === 'begin' && i === 0) || (s.which === 'end' && i === last))),
      );
      if (parts.length === 0) return 'no';
      if (parts.length === 1) return coverage(parts[0]);
      // Every part must cover all strings but at most one, which may cover the non-empty ones.
      let needy = 0;
      for (const part of parts) {
        const c = coverage(part);
        if (c === 'no') return 'no';
        if (c !== 'all') needy++;
      }
      return needy === 0 ? 'all' : needy === 1 ? 'nonEmpty' : 'no';
    }
    default:
      return 'no';
  }
}

/**
 * What a `=~` value matches, as Prometheus anchors it (`^(?:VALUE)$`). Conservative: `matchesEverything` is
 * only claimed for shapes like `.*`, `(?s).*`, `.*|x`, `(.*)?`; undefined when the value does not compile.
 */
export function analyzeRegexp(value: string, options: RegexOptions = {}): RegexMatchInfo | undefined {
  const r = parseRegexp(value, options);
  return r.ok ? matchInfo(r.node) : undefined;
}

function matchInfo(node: RegexNode): RegexMatchInfo {
  const c = coverage(node);
  const matchesEmpty = nullable(node);
  return {
    matchesEmpty,
    matchesEverything: c === 'all' || (c === 'nonEmpty' && matchesEmpty),
    matchesEveryNonEmpty: c === 'all' || c === 'nonEmpty',
  };
}

/** ASCII characters that are literals wherever literalShape admits them: letters, digits and `_:-/,=@ !"#%&';<>~`. */
const SHAPE_LITERAL = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:-/,=@ !"#%&\';<>~') SHAPE_LITERAL[c.charCodeAt(0)] = 1;
/** The operators literalShape keeps. */
const SHAPE_OPERATOR = new Uint8Array(128);
for (const c of '.*+?|()^$') SHAPE_OPERATOR[c.charCodeAt(0)] = 1;

/**
 * The value with each run of literal characters written `a` (one character) or `aa` (more: an operator after
 * a run applies to its last character only), when it holds nothing but such literals and the operators
 * `.*+?|()^$`, and no `(?`. Outside escapes, classes, counted repeats and flag groups (all refused here) none of
 * these literals means anything to Go's parser (parse.go), so every value of one shape parses to the same tree
 * but for the literals' text: the same verdict and the same match analysis. Undefined for any other value.
 */
export function literalShape(value: string): string | undefined {
  let shape = '';
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128 && SHAPE_LITERAL[c] === 1) {
      run++;
      continue;
    }
    if (c >= 128 || SHAPE_OPERATOR[c] === 0 || (c === 40 /* ( */ && value.charCodeAt(i + 1) === 63) /* ? */) return undefined;
    if (run > 0) shape += run === 1 ? 'a' : 'aa';
    run = 0;
    shape += value[i];
  }
  if (run > 0) shape += run === 1 ? 'a' : 'aa';
  return shape;
}

export type WrappedRegexResult =
  | { readonly ok: true; readonly info: RegexMatchInfo | undefined }
  | { readonly ok: false; readonly error: RegexError };

/**
 * parseRegexp(prefix + value + suffix), where `prefix` ends by opening a group that `suffix` starts by closing
 * (`^(?:`, `)$`), with analyzeRegexp(value) read off the same parse. When that group closes where `suffix` begins,
 * `value` balances its own parens and nothing in it reads into `suffix` without failing (`\Q`, a trailing `\`,
 * an open class or flag group all do), so `value` alone parses to the group's body, flags aside (which the
 * analysis ignores). Otherwise `value` is analysed on its own.
 */
export function parseWrappedRegexp(prefix: string, value: string, suffix: string, options: RegexOptions = {}): WrappedRegexResult {
  const parser = new Parser(prefix + value + suffix, options.dialect ?? 'go1.19', prefix.lastIndexOf('('));
  try {
    parser.parse();
  } catch (e) {
    if (e instanceof RegexSyntaxError) return { ok: false, error: e.detail };
    throw e;
  }
  const body = parser.watchedClose === prefix.length + value.length ? parser.watchedBody : undefined;
  return { ok: true, info: body ? matchInfo(body) : analyzeRegexp(value, options) };
}
