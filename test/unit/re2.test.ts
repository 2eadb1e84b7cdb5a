import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { analyzeRegexp, checkRegexp, literalShape, parseRegexp, parseWrappedRegexp, type GoRegexpDialect } from '../../server/src/service/re2';

interface Row {
  readonly pattern: string;
  /** Go's message; undefined when Go compiles the pattern. */
  readonly error?: string;
  /** The underlined part of the pattern, when it is narrower than Go's quoted text. */
  readonly at?: string;
  readonly dialect?: GoRegexpDialect;
}

const m = (code: string, expr: string) => `error parsing regexp: ${code}: \`${expr}\``;

// Expected texts are Go 1.19's (the Go of Debian's Prometheus 2.42); several were read off a real /federate.
const rows: Row[] = [
  // Accepted by Go, some not by JavaScript.
  { pattern: '(?i)abc' },
  { pattern: '(?s).*' },
  { pattern: '(?i-s:a.)b' },
  { pattern: '(?U)a*' },
  { pattern: '\\pL+' },
  { pattern: '\\PL' },
  { pattern: '\\p{Greek}\\p{^Han}\\P{Lu}' },
  { pattern: '[[:alpha:]][[:^digit:]]' },
  { pattern: '\\Qa.b(c\\E' },
  { pattern: '\\Qunterminated(' },
  { pattern: '(?P<name>x)' },
  { pattern: '\\z\\A\\b\\B' },
  { pattern: '\\x{1F600}\\x41\\101\\0' },
  { pattern: '\\_\\-\\ \\.' },
  { pattern: 'a{,5}' },
  { pattern: 'a{01}' },
  { pattern: 'x{2}{' },
  { pattern: '[]a]' },
  { pattern: '[a-]' },
  { pattern: '()*' },
  { pattern: '^*' },
  { pattern: 'a*?' },
  { pattern: '(a{10}){100}' },
  { pattern: '[\\d-z]' },
  { pattern: '' },
  // Rejected by Go.
  { pattern: '(', error: m('missing closing )', '('), at: '(' },
  { pattern: 'a(b(c)', error: m('missing closing )', 'a(b(c)'), at: '(' },
  { pattern: 'a)', error: m('unexpected )', 'a)'), at: ')' },
  { pattern: '(?=x)', error: m('invalid or unsupported Perl syntax', '(?='), at: '(?=' },
  { pattern: '(?!x)', error: m('invalid or unsupported Perl syntax', '(?!'), at: '(?!' },
  { pattern: '(?<=x)', error: m('invalid or unsupported Perl syntax', '(?<'), at: '(?<' },
  { pattern: '(?<name>x)', error: m('invalid or unsupported Perl syntax', '(?<'), at: '(?<' },
  { pattern: '(?<name>x)', dialect: 'modern' },
  { pattern: '(?-)', error: m('invalid or unsupported Perl syntax', '(?-)') },
  { pattern: '(?i-)', error: m('invalid or unsupported Perl syntax', '(?i-)') },
  { pattern: '(?--i)', error: m('invalid or unsupported Perl syntax', '(?--') },
  { pattern: '(?i', error: m('invalid or unsupported Perl syntax', '(?i') },
  { pattern: '(?P<>x)', error: m('invalid named capture', '(?P<>') },
  { pattern: '(?P<a-b>x)', error: m('invalid named capture', '(?P<a-b>') },
  { pattern: '(?P<name', error: m('invalid named capture', '(?P<name') },
  { pattern: '(?P=name)', error: m('invalid or unsupported Perl syntax', '(?P') },
  { pattern: '\\1', error: m('invalid escape sequence', '\\1') },
  { pattern: '(a)\\1', error: m('invalid escape sequence', '\\1'), at: '\\1' },
  { pattern: '\\8', error: m('invalid escape sequence', '\\8') },
  { pattern: '\\q', error: m('invalid escape sequence', '\\q') },
  { pattern: '\\Z', error: m('invalid escape sequence', '\\Z') },
  { pattern: '\\C', error: m('invalid escape sequence', '\\C') },
  { pattern: '\\é', error: m('invalid escape sequence', '\\é') },
  { pattern: '\\x{}', error: m('invalid escape sequence', '\\x{}') },
  { pattern: '\\x{110000}', error: m('invalid escape sequence', '\\x{110000') },
  { pattern: '\\xZ1', error: m('invalid escape sequence', '\\xZ1') },
  { pattern: '\\x', error: m('invalid escape sequence', '\\x') },
  { pattern: '*', error: m('missing argument to repetition operator', '*') },
  { pattern: 'a|*', error: m('missing argument to repetition operator', '*') },
  { pattern: '(*)', error: m('missing argument to repetition operator', '*') },
  { pattern: '(?i)*', error: m('missing argument to repetition operator', '*') },
  { pattern: '{2}', error: m('missing argument to repetition operator', '{2}') },
  { pattern: '*?', error: m('missing argument to repetition operator', '*?') },
  { pattern: 'x**', error: m('invalid nested repetition operator', '**') },
  { pattern: 'x*+', error: m('invalid nested repetition operator', '*+') },
  { pattern: 'a*??', error: m('invalid nested repetition operator', '*??') },
  { pattern: 'a{2}*', error: m('invalid nested repetition operator', '{2}*') },
  { pattern: 'x{1001}', error: m('invalid repeat count', '{1001}') },
  { pattern: 'x{2,1}', error: m('invalid repeat count', '{2,1}') },
  { pattern: 'x{100000000}', error: m('invalid repeat count', '{100000000}') },
  { pattern: '(a{100}){100}', error: m('invalid repeat count', '{100}'), at: '{100}' },
  { pattern: '[z-a]', error: m('invalid character class range', 'z-a') },
  { pattern: '[[:foo:]]', error: m('invalid character class range', '[:foo:]') },
  { pattern: '\\p{Foo}', error: m('invalid character class range', '\\p{Foo}') },
  { pattern: '\\pX', error: m('invalid character class range', '\\pX') },
  { pattern: '\\p{Greek', error: m('invalid character class range', '\\p{Greek') },
  { pattern: '\\p{Cn}', error: m('invalid character class range', '\\p{Cn}') },
  { pattern: '\\p{Letter}', error: m('invalid character class range', '\\p{Letter}') },
  { pattern: '\\p{Letter}', dialect: 'modern' },
  { pattern: '[a', error: m('missing closing ]', '[a'), at: '[' },
  { pattern: '[]', error: m('missing closing ]', '[]'), at: '[' },
  { pattern: '[a-\\d]', error: m('invalid escape sequence', '\\d') },
  { pattern: '[\\b]', error: m('invalid escape sequence', '\\b') },
  { pattern: 'abc\\', error: m('trailing backslash at end of expression', ''), at: '\\' },
];

describe('re2: Go regexp/syntax parsing', () => {
  for (const row of rows) {
    const title = `${JSON.stringify(row.pattern)}${row.dialect ? ` (${row.dialect})` : ''} ${row.error ? 'fails' : 'compiles'}`;
    it(title, () => {
      const err = checkRegexp(row.pattern, { dialect: row.dialect });
      assert.equal(err?.message, row.error);
      if (err) {
        const underlined = row.pattern.slice(err.start, err.end);
        assert.equal(underlined, row.at ?? (err.expr || row.pattern.slice(err.start, err.end)));
        assert.ok(err.end > err.start, 'the underline is not empty');
      }
    });
  }
});

describe('re2: what an anchored regex matches', () => {
  const cases: [string, { empty: boolean; all: boolean; nonEmpty: boolean }][] = [
    ['.*', { empty: true, all: true, nonEmpty: true }],
    ['(?s).*', { empty: true, all: true, nonEmpty: true }],
    ['.+', { empty: false, all: false, nonEmpty: true }],
    ['.*.*', { empty: true, all: true, nonEmpty: true }],
    ['(.*)', { empty: true, all: true, nonEmpty: true }],
    ['(.+)?', { empty: true, all: true, nonEmpty: true }],
    ['^.*$', { empty: true, all: true, nonEmpty: true }],
    ['.*|foo', { empty: true, all: true, nonEmpty: true }],
    ['.+|', { empty: true, all: true, nonEmpty: true }],
    ['[\\s\\S]*', { empty: true, all: true, nonEmpty: true }],
    ['\\p{Any}+', { empty: false, all: false, nonEmpty: true }],
    ['.+.*', { empty: false, all: false, nonEmpty: true }],
    ['..*', { empty: false, all: false, nonEmpty: true }],
    ['.+.+', { empty: false, all: false, nonEmpty: false }],
    ['foo.*', { empty: false, all: false, nonEmpty: false }],
    ['.?', { empty: true, all: false, nonEmpty: false }],
    ['', { empty: true, all: false, nonEmpty: false }],
    ['a*', { empty: true, all: false, nonEmpty: false }],
    ['(.*){0}', { empty: true, all: false, nonEmpty: false }],
    ['[^a]*', { empty: true, all: false, nonEmpty: false }],
    ['prod|staging', { empty: false, all: false, nonEmpty: false }],
  ];
  for (const [pattern, want] of cases) {
    it(JSON.stringify(pattern), () => {
      const got = analyzeRegexp(pattern);
      assert.deepEqual(
        { empty: got?.matchesEmpty, all: got?.matchesEverything, nonEmpty: got?.matchesEveryNonEmpty },
        want,
      );
    });
  }

  it('says nothing about a regex Go refuses', () => {
    assert.equal(analyzeRegexp('(?=x)'), undefined);
  });
});

describe('re2: an anchored regex parsed once', () => {
  const anchors: [string, string, GoRegexpDialect][] = [['^(?:', ')$', 'go1.19'], ['^(?s:', ')$', 'modern']];
  /** What the one parse must equal: Go's verdict on the anchored text, and the value analysed alone. */
  const check = (value: string) => {
    for (const [prefix, suffix, dialect] of anchors) {
      const whole = parseRegexp(prefix + value + suffix, { dialect });
      const want = whole.ok ? { ok: true, info: analyzeRegexp(value, { dialect }) } : { ok: false, error: whole.error };
      assert.deepEqual(parseWrappedRegexp(prefix, value, suffix, { dialect }), want, `${JSON.stringify(value)} (${dialect})`);
    }
  };

  // Values that reach into the anchors' `)$`, or close the anchors' group themselves.
  for (const value of ['.*', 'job:x:.*', '(a|b)_total', '\\Qabc', 'a)|(b', 'a)(?i', '(?i', 'x{2', 'x{2,', 'a\\', '[a', '\\x4', '(?P<n', '']) {
    it(JSON.stringify(value), () => check(value));
  }

  it('agrees with two parses on random values', () => {
    const piece = fc.constantFrom(
      ...'ab:.*+?()|[]^${},0'.split(''), '\\', '\\Q', '\\E', '\\d', '\\pL', '\\p{', '\\x41', '\\x', '\\1', '\\0', '(?i)',
      '(?i', '(?:', '(?P<n>', '(?=', '[[:alpha:]]', '[^', '{2,3}', '{2', 'a)|(b', '.+', 'é',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => check(pieces.join(''))), { numRuns: 3000, seed: 20260503 });
  });
});

describe('re2: values of one literal shape parse alike', () => {
  const anchors: [string, string, GoRegexpDialect][] = [['^(?:', ')$', 'go1.19'], ['^(?s:', ')$', 'modern']];

  it('writes runs of literals as a or aa and refuses everything else', () => {
    assert.equal(literalShape('job:payments_12:.*'), 'aa.*');
    assert.equal(literalShape('search_7_(requests|errors)_total'), 'aa(aa|aa)aa');
    assert.equal(literalShape('ab*|c+?'), 'aa*|a+?');
    assert.equal(literalShape(''), '');
    for (const refused of ['[ab]', 'a{2}', '(?i)a', '(?:a)', '\\d', 'a\\.b', 'é', 'a}', 'a]', '\t']) assert.equal(literalShape(refused), undefined, refused);
  });

  it('gives every value the verdict and match analysis of its shape when the shape compiles, on 5 000 random values', () => {
    const piece = fc.constantFrom(...'abis0_:-/ ,=@!"#%&;<>~\''.split(''), '.', '*', '+', '?', '|', '(', ')', '^', '$', 'xyz', '.*', '.+', '(a|b)', '(?', '[a]', '\\.', '{2}');
    let compared = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const value = pieces.join('');
        const shape = literalShape(value);
        if (shape === undefined) return;
        for (const [prefix, suffix, dialect] of anchors) {
          const byShape = parseWrappedRegexp(prefix, shape, suffix, { dialect });
          const own = parseWrappedRegexp(prefix, value, suffix, { dialect });
          assert.equal(byShape.ok, own.ok, `${JSON.stringify(value)} as ${JSON.stringify(shape)} (${dialect})`);
          if (own.ok && byShape.ok) {
            assert.deepEqual(byShape.info, own.info, `${JSON.stringify(value)} as ${JSON.stringify(shape)} (${dialect})`);
            compared++;
          }
        }
      }),
      { numRuns: 5000, seed: 20261121 },
    );
    assert.ok(compared > 1000, `only ${compared} values compiled`);
  });
});
