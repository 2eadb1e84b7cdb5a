import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { checkSelector, decodeStringLiteral, parseSelector, type PromVersion } from '../../server/src/service/promql';
import { scalarSpan } from '../../server/src/service/scalarOffsets';
import { encodeFragment, roundTrip, STYLES } from './yamlStyles';

const OPEN = '⟦';
const CLOSE = '⟧';

/** `up⟦[⟧5m]` -> the selector and the marked span. */
function marked(source: string): { text: string; start: number; end: number } {
  const start = source.indexOf(OPEN);
  const end = source.indexOf(CLOSE) - 1;
  if (start < 0 || end < start) throw new Error(`no ⟦marker⟧ in ${source}`);
  return { text: source.replace(OPEN, '').replace(CLOSE, ''), start, end };
}

interface ErrorRow {
  readonly title: string;
  /** The selector, with ⟦ ⟧ around the characters the error must underline. */
  readonly selector: string;
  /** Prometheus' /federate 400 body (2.42), exact. */
  readonly prometheus: string;
  readonly kind: 'lexer' | 'syntax' | 'regex' | 'quotedName';
  /** Words our message must add. */
  readonly hint?: RegExp;
  readonly version?: PromVersion;
}

// Messages observed on a real Prometheus 2.42 /federate (see test/e2e/federateAgreement.test.ts).
const errorRows: ErrorRow[] = [
  { title: 'range selector', selector: 'up⟦[⟧5m]', prometheus: '1:3: parse error: unexpected "["', kind: 'syntax', hint: /range selectors/ },
  { title: 'range after braces', selector: 'up{job="a"}⟦[⟧5m]', prometheus: '1:12: parse error: unexpected "["', kind: 'syntax' },
  { title: 'subquery', selector: 'up⟦[⟧5m:1m]', prometheus: '1:3: parse error: unexpected "["', kind: 'syntax', hint: /subqueries/ },
  { title: 'offset', selector: 'up ⟦offset⟧ 5m', prometheus: '1:4: parse error: unexpected <offset>', kind: 'syntax', hint: /offset/ },
  { title: '@ modifier', selector: 'up ⟦@⟧ 1609746000', prometheus: '1:4: parse error: unexpected "<Item 57385>" <op:@>', kind: 'syntax', hint: /@/ },
  { title: 'function', selector: 'rate⟦(⟧up[5m])', prometheus: '1:5: parse error: unexpected "("', kind: 'syntax', hint: /functions/ },
  { title: 'aggregation', selector: 'sum⟦(⟧up)', prometheus: '1:4: parse error: unexpected "("', kind: 'syntax', hint: /aggregations/ },
  { title: 'aggregation with by', selector: 'sum ⟦by⟧ (job) (up)', prometheus: '1:5: parse error: unexpected <by>', kind: 'syntax' },
  { title: 'binary operator', selector: 'up ⟦or⟧ down', prometheus: '1:4: parse error: unexpected <op:or>', kind: 'syntax', hint: /operators/ },
  { title: 'arithmetic', selector: 'up ⟦*⟧ 2', prometheus: '1:4: parse error: unexpected <op:*>', kind: 'syntax' },
  { title: 'number literal', selector: '⟦1⟧', prometheus: '1:1: parse error: unexpected number "1"', kind: 'syntax', hint: /number/ },
  { title: 'inf is a number', selector: '⟦inf⟧', prometheus: '1:1: parse error: unexpected number "inf"', kind: 'syntax' },
  { title: 'string literal', selector: '⟦"up"⟧', prometheus: '1:1: parse error: unexpected string "\\"up\\""', kind: 'syntax', hint: /string/ },
  { title: 'keyword not allowed as a name', selector: '⟦on⟧', prometheus: '1:1: parse error: unexpected <on>', kind: 'syntax' },
  { title: 'empty string', selector: '⟦⟧', prometheus: '1:1: parse error: unexpected end of input', kind: 'syntax', hint: /empty/ },
  { title: 'blank string', selector: '   ⟦⟧', prometheus: '1:4: parse error: unexpected end of input', kind: 'syntax' },
  { title: 'unterminated string', selector: '{job=⟦"x}⟧', prometheus: '1:6: parse error: unterminated quoted string', kind: 'lexer' },
  { title: 'unclosed brace', selector: '{job="x"⟦⟧', prometheus: '1:9: parse error: unexpected end of input inside braces', kind: 'lexer' },
  { title: 'unquoted value', selector: '{job=⟦x⟧}', prometheus: '1:6: parse error: unexpected identifier "x" in label matching, expected string', kind: 'syntax', hint: /quoted/ },
  { title: 'missing operator', selector: '{job⟦}⟧', prometheus: '1:5: parse error: unexpected "}" in label matching, expected label matching operator', kind: 'syntax' },
  { title: 'bad operator', selector: '{job⟦!x⟧"a"}', prometheus: "1:5: parse error: unexpected character after '!' inside braces: 'x'", kind: 'lexer' },
  { title: '== is not a matcher', selector: '{job=⟦=⟧"a"}', prometheus: '1:6: parse error: unexpected "=" in label matching, expected string', kind: 'syntax' },
  { title: 'missing comma', selector: '{a="b" ⟦c⟧="d"}', prometheus: '1:8: parse error: unexpected identifier "c" in label matching, expected "," or "}"', kind: 'syntax' },
  { title: 'lone comma', selector: '{⟦,⟧}', prometheus: '1:2: parse error: unexpected "," in label matching, expected identifier or "}"', kind: 'syntax' },
  { title: 'label name starting with a digit', selector: '{⟦1⟧a="x"}', prometheus: "1:2: parse error: unexpected character inside braces: '1'", kind: 'lexer', hint: /label names/ },
  { title: 'colon in a label name', selector: '{a⟦:⟧b="x"}', prometheus: "1:3: parse error: unexpected character inside braces: ':'", kind: 'lexer' },
  { title: 'dot in a metric name (2.x)', selector: 'foo⟦.⟧bar', prometheus: "1:4: parse error: unexpected character: '.'", kind: 'lexer', hint: /dots/ },
  { title: 'dot in a label name (2.x)', selector: '{a⟦.⟧b="x"}', prometheus: "1:3: parse error: unexpected character inside braces: '.'", kind: 'lexer', hint: /dots/ },
  { title: 'quoted metric name (2.x)', selector: '{⟦"up"⟧}', prometheus: '1:2: parse error: unexpected string "\\"up\\"" in label matching, expected identifier or "}"', kind: 'quotedName', hint: /Prometheus 3/ },
  { title: 'long quoted name is cut like %.10q', selector: '{⟦"my.metric"⟧}', prometheus: '1:2: parse error: unexpected string "\\"my.metric"... in label matching, expected identifier or "}"', kind: 'quotedName' },
  { title: 'quoted label name (2.x)', selector: '{⟦"a.b"⟧="x"}', prometheus: '1:2: parse error: unexpected string "\\"a.b\\"" in label matching, expected identifier or "}"', kind: 'quotedName' },
  { title: 'unknown escape', selector: '{a=⟦"\\q⟧"}', prometheus: "1:4: parse error: unknown escape sequence U+0071 'q'", kind: 'lexer' },
  { title: 'second selector after the first', selector: 'up{}⟦{⟧}', prometheus: '1:5: parse error: unexpected "{"', kind: 'syntax' },
  { title: 'stray right paren', selector: 'up)⟦⟧', prometheus: "1:4: parse error: unexpected right parenthesis ')'", kind: 'lexer' },
  { title: 'byte columns after UTF-8', selector: '{a="é"} ⟦x⟧', prometheus: '1:10: parse error: unexpected identifier "x"', kind: 'syntax' },
  { title: 'line:col over lines', selector: 'up\n ⟦[⟧5m]', prometheus: '2:2: parse error: unexpected "["', kind: 'syntax' },
  // Regexes: the position is the label's, the underline is the bad part of the value.
  { title: 'look-ahead', selector: '{job=~"⟦(?=⟧x)"}', prometheus: '1:2: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?=`', kind: 'regex', hint: /look-around/ },
  { title: 'back-reference', selector: '{job=~"(a)⟦\\\\1⟧"}', prometheus: '1:2: parse error: error parsing regexp: invalid escape sequence: `\\1`', kind: 'regex' },
  { title: 'missing closing paren', selector: '{job=~"⟦(⟧"}', prometheus: '1:2: parse error: error parsing regexp: missing closing ): `^(?:()$`', kind: 'regex', hint: /\^\(\?:/ },
  { title: 'unexpected paren', selector: '{job=~"a⟦)⟧"}', prometheus: '1:2: parse error: error parsing regexp: unexpected ): `^(?:a))$`', kind: 'regex' },
  { title: 'nested repetition', selector: '{job=~"x⟦**⟧"}', prometheus: '1:2: parse error: error parsing regexp: invalid nested repetition operator: `**`', kind: 'regex' },
  { title: 'missing repetition argument', selector: '{job=~"⟦*⟧"}', prometheus: '1:2: parse error: error parsing regexp: missing argument to repetition operator: `*`', kind: 'regex' },
  { title: 'bad class range', selector: '{job=~"[⟦z-a⟧]"}', prometheus: '1:2: parse error: error parsing regexp: invalid character class range: `z-a`', kind: 'regex' },
  { title: 'missing closing bracket', selector: '{job=~"⟦[⟧a"}', prometheus: '1:2: parse error: error parsing regexp: missing closing ]: `[a)$`', kind: 'regex' },
  { title: 'repeat count', selector: '{job=~"x⟦{1001}⟧"}', prometheus: '1:2: parse error: error parsing regexp: invalid repeat count: `{1001}`', kind: 'regex' },
  { title: 'regex in a single-quoted value', selector: "up{job!~'⟦(?!⟧x)'}", prometheus: '1:4: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?!`', kind: 'regex' },
  { title: 'regex in a raw value', selector: 'up{job=~`⟦\\1⟧`}', prometheus: '1:4: parse error: error parsing regexp: invalid escape sequence: `\\1`', kind: 'regex' },
  { title: 'escaped regex chars map back to their escapes', selector: '{a=~"\\x41⟦\\x2a\\x2a⟧"}', prometheus: '1:2: parse error: error parsing regexp: invalid nested repetition operator: `**`', kind: 'regex' },
  // Version 3 rejects what stays wrong.
  { title: 'dot in a bare name (3.x)', selector: 'foo⟦.⟧bar', prometheus: "1:4: parse error: unexpected character: '.'", kind: 'lexer', hint: /quoted/, version: '3' },
  { title: 'range selector (3.x)', selector: '{"a.b"}⟦[⟧1m]', prometheus: '1:8: parse error: unexpected "["', kind: 'syntax', version: '3' },
];

describe('checkSelector: errors, as /federate reports them', () => {
  for (const row of errorRows) {
    it(`${row.title}: ${JSON.stringify(marked(row.selector).text)}${row.version === '3' ? ' (3.x)' : ''}`, () => {
      const { text, start, end } = marked(row.selector);
      const got = checkSelector(text, row.version ?? '2');
      assert.equal(got.errors.length, 1);
      const [err] = got.errors;
      assert.equal(err.prometheus, row.prometheus);
      assert.ok(err.message.startsWith(row.prometheus), 'the message starts with Prometheus\' text');
      if (row.hint) assert.match(err.message, row.hint);
      assert.equal(err.kind, row.kind);
      assert.deepEqual([err.start, err.end], [start, end], `underlined ${JSON.stringify(text.slice(err.start, err.end))}`);
    });
  }
});

describe('checkSelector: error ranges inside every YAML quoting style', () => {
  for (const row of errorRows.filter((r) => !r.version)) {
    const { text, start, end } = marked(row.selector);
    it(`${row.title}`, () => {
      const err = checkSelector(text, '2').errors[0];
      let styles = 0;
      for (const style of STYLES) {
        const parsed = roundTrip(text, style);
        if (!parsed) continue;
        styles++;
        const span = scalarSpan(parsed.node, err.start, err.end);
        const want = encodeFragment(text.slice(start, end), style);
        assert.equal(parsed.text.slice(span.start, span.end), want, `in ${style}: ${parsed.text.slice(parsed.node.range![0])}`);
      }
      // Every selector fits double quotes, escaped or not, and nearly every one a third style.
      assert.ok(styles >= 2, `only ${styles} styles`);
    });
  }
});

describe('checkSelector: what Prometheus accepts', () => {
  const valid: [string, PromVersion?][] = [
    ['up'], ['up{}'], ['{}'], ['{job=""}'], ['{job=~".*"}'], ['{__name__=~"job:.*"}'], ['job:rate:sum'], ['sum'],
    ['offset'], ['Offset'], ['by'], ['start'], ['up{job="a",}'], ['up{job="a", instance!="b"}'], ["{a='x'}"],
    ['{a=`x\\d`}'], ['{by="x", offset="y"}'], ['  up  '], ['up # comment'], ['{# comment\n a="x"}'],
    ['{a="\\x41\\u00e9\\n\\"\\\\"}'], ['{a=~"(?i)x",b=~"(?s).",c=~"\\\\pL",d=~"[[:alpha:]]",e=~"\\\\Q(\\\\E",f=~"(?P<n>x)"}'],
    ['{"my.metric"}', '3'], ['{"my.metric", job="x"}', '3'], ['{"a.b"="x"}', '3'], ['{a=~"(?<n>x)"}', '3'], ['limitk', '3'],
  ];
  for (const [selector, version] of valid) {
    it(`${JSON.stringify(selector)}${version === '3' ? ' (3.x)' : ''}`, () => {
      assert.deepEqual(checkSelector(selector, version ?? '2').errors, []);
    });
  }

  it('parses matchers with their parts and offsets', () => {
    const s = 'up{job=~"a|b", env!=\'prod\'}';
    const got = checkSelector(s, '2');
    assert.equal(got.metricName, 'up');
    assert.deepEqual(
      got.matchers.map((m) => [m.name, m.op, m.value, m.source, s.slice(m.nameStart, m.nameEnd), s.slice(m.opStart, m.opEnd), s.slice(m.valueStart, m.valueEnd)]),
      [
        ['__name__', '=', 'up', 'metricName', 'up', '', 'up'],
        ['job', '=~', 'a|b', 'label', 'job', '=~', '"a|b"'],
        ['env', '!=', 'prod', 'label', 'env', '!=', "'prod'"],
      ],
    );
  });

  it('decodes escapes like Go and keeps where each character came from', () => {
    const got = checkSelector('{a="\\x41\\101\\u00e9\\U0001F600\\t", b=\'it\\\'s\', c=`\\n`}', '2');
    assert.deepEqual(got.matchers.map((m) => m.value), ['AAé😀\t', "it's", '\\n']);
    const d = decodeStringLiteral('"a\\u00e9b"', 10);
    assert.deepEqual([d.value, d.starts, d.ends], ['aéb', [11, 12, 18], [12, 18, 19]]);
  });

  it('joins \\x bytes into UTF-8 as Go does', () => {
    assert.equal(checkSelector('{a="\\xc3\\xa9"}', '2').matchers[0].value, 'é');
    assert.equal(decodeStringLiteral('"\\xff"').invalidUtf8, true);
  });

  it('names the metric from a quoted name or __name__', () => {
    assert.equal(checkSelector('{"my.metric"}', '3').metricName, 'my.metric');
    assert.equal(checkSelector('{__name__="up", job="x"}', '2').metricName, 'up');
    assert.equal(checkSelector('{job="x"}', '2').metricName, undefined);
  });

  it('tells which regex matchers match everything', () => {
    const got = checkSelector('{job=~".*", env=~".+", x=~"a.*"}', '2');
    assert.deepEqual(
      got.matchers.map((m) => [m.regex?.matchesEverything, m.regex?.matchesEveryNonEmpty]),
      [[true, true], [false, true], [false, false]],
    );
  });

  it('accepts quoted names under 3 that 2 refuses', () => {
    for (const s of ['{"my.metric"}', '{"a.b"="x"}']) {
      assert.equal(checkSelector(s, '2').errors[0]?.kind, 'quotedName');
      assert.deepEqual(checkSelector(s, '3').errors, []);
    }
  });

  it('anchors regexes as ^(?s:…)$ under 3', () => {
    assert.match(checkSelector('{a=~"("}', '3').errors[0].prometheus, /`\^\(\?s:\(\)\$`/);
  });
});

describe('checkSelector: the direct reading of common shapes', () => {
  // Common selectors, then one or two characters inserted, dropped or replaced: near misses the shortcut must leave alone.
  const matcher = fc
    .tuple(
      fc.constantFrom('job', '__name__', 'env', 'a_1', '_x', 'sum', 'x9'),
      fc.constantFrom('', ' ', '\t'),
      fc.constantFrom('=', '!=', '=~', '!~'),
      fc.constantFrom('', ' '),
      fc.constantFrom('"', "'"),
      fc.constantFrom('x', '', 'eu-.+', 'job:a:.*', 'a_(b|c)_total', '.*', 'é', 'a(', 'a)|(b', '\\Qa', '(?i)x', ' '),
    )
    .map(([name, s1, op, s2, q, value]) => `${name}${s1}${op}${s2}${q}${value}${q}`);
  const plain = fc
    .tuple(
      fc.constantFrom('', 'up', 'a:b', ' up ', 'sum', 'Inf', 'by', 'x1', 'limitk'),
      fc.constantFrom('{', ' {', '{ '),
      fc.array(matcher, { maxLength: 3 }),
      fc.constantFrom(',', ', ', ' ,'),
      fc.constantFrom('', ',', ' '),
      fc.constantFrom('}', '} ', '}\n', ''),
    )
    .map(([name, open, ms, sep, trail, close]) => `${name}${open}${ms.join(sep)}${trail}${close}`);
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom('insert', 'drop', 'replace'),
    fc.constantFrom(...' \t\n#{}(),=!~"\'\\:._a0é`', '\ud800', '\ufffd', 'sum', 'inf', '[5m]'),
  );
  const selector = fc.tuple(plain, fc.array(edit, { maxLength: 2 })).map(([s, edits]) => {
    for (const [at, how, text] of edits) {
      const i = at % (s.length + 1);
      s = how === 'insert' ? s.slice(0, i) + text + s.slice(i) : s.slice(0, i) + (how === 'replace' ? text : '') + s.slice(i + 1);
    }
    return s;
  });

  it('gives what the lexer and the grammar give', () => {
    let read = 0;
    fc.assert(
      fc.property(selector, fc.constantFrom<PromVersion>('2', '3'), (s, version) => {
        const got = checkSelector(s, version);
        if (got.errors.length === 0) read++;
        assert.deepEqual(got, parseSelector(s, version), JSON.stringify(s));
      }),
      { numRuns: 5000, seed: 20260504 },
    );
    assert.ok(read > 1000, `only ${read} valid selectors generated`);
  });
});
