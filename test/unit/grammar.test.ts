import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const GRAMMAR_PATH = path.resolve(__dirname, '..', '..', '..', 'syntaxes', 'promql-in-yaml.tmLanguage.json');

interface Rule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  include?: string;
  patterns?: Rule[];
  repository?: Record<string, Rule>;
  [key: string]: unknown;
}

const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8')) as Rule & { scopeName: string; injectionSelector: string };

/** Every regex of the grammar, with where it sits. */
function regexes(rule: Rule, where: string, out: { where: string; key: string; source: string }[] = []) {
  for (const key of ['match', 'begin', 'end', 'while'] as const) {
    const source = rule[key];
    if (typeof source === 'string') out.push({ where, key, source });
  }
  rule.patterns?.forEach((p, i) => regexes(p, `${where}.patterns[${i}]`, out));
  for (const [name, r] of Object.entries(rule.repository ?? {})) regexes(r, `${where}#${name}`, out);
  return out;
}

/** The JavaScript form of a TextMate regex; `end` back-references become what the begin captured. */
function compile(source: string, captures: string[] = []): RegExp {
  return new RegExp(source.replace(/\\(\d)/g, (m, n: string) => (captures[Number(n)] !== undefined ? captures[Number(n)].replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : m)));
}

const repo = grammar.repository as Record<string, Rule>;

describe('PromQL injection grammar', () => {
  it('is an injection into YAML', () => {
    assert.equal(grammar.injectionSelector, 'L:source.yaml -comment -string');
    assert.match(grammar.scopeName, /^source\.yaml\./);
  });

  it('every include points at a repository entry', () => {
    const walk = (r: Rule): void => {
      if (r.include?.startsWith('#')) assert.ok(repo[r.include.slice(1)], `missing ${r.include}`);
      r.patterns?.forEach(walk);
    };
    walk(grammar);
    Object.values(repo).forEach(walk);
  });

  for (const { where, key, source } of regexes(grammar, '$')) {
    it(`${where} ${key} compiles as a JavaScript RegExp and uses no Oniguruma-only syntax`, () => {
      assert.doesNotThrow(() => compile(source));
      for (const construct of ['(?<=', '(?<!', '\\G', '\\A', '\\Z', '\\z', '(?>', '\\h', '\\H', '(?i)', '(?x)', '++', '*+', '?+']) {
        assert.ok(!source.includes(construct), `${construct} in ${source}`);
      }
    });
  }

  describe('the match[] region', () => {
    const begin = compile(repo['match-key'].begin as string);

    it('starts at a match[] key, quoted or not', () => {
      for (const line of ['      match[]:', "      'match[]': ['up']", '      "match[]" :', 'match[]: [up]']) assert.ok(begin.test(line), line);
      for (const line of ['      matches[]:', '      # match[]:', '      x: match[]:']) assert.ok(!begin.test(line), line);
    });

    it('ends at the first line that is not part of the list', () => {
      const [, indent] = begin.exec('      match[]:') as RegExpExecArray;
      const end = compile(repo['match-key'].end as string, ['', indent]);
      for (const line of ["        - '{job=\"x\"}'", "      - 'up'", '', '   ', '      # note', '      -']) assert.ok(!end.test(line), `ended at ${JSON.stringify(line)}`);
      for (const line of ['    static_configs:', '      other_param: [x]', '  - job_name: b']) assert.ok(end.test(line), `did not end at ${JSON.stringify(line)}`);
    });
  });

  describe('selectors', () => {
    const matchers = repo['label-matchers'].patterns as Rule[];
    const regexMatcher = compile(matchers[0].match as string);
    const eqMatcher = compile(matchers[1].match as string);

    it('scopes label, operator and regex of a regex matcher in every quoting style', () => {
      for (const [text, value] of [
        ['job=~"node.*"', '"node.*"'],
        ['job =~ \\"node.*\\"', '\\"node.*\\"'],
        ["job=~''node.*''", "''node.*''"],
        ["job!~'node'", "'node'"],
        ['job=~`a|b`', '`a|b`'],
      ]) {
        const m = regexMatcher.exec(text);
        assert.ok(m, text);
        assert.equal(m[1], 'job');
        assert.equal(m[4], value);
      }
    });

    it('scopes equality matchers, not regex ones', () => {
      assert.equal(eqMatcher.exec('env!="dev"')?.[3], '!=');
      assert.equal(eqMatcher.exec('"my.label"="v"')?.[2], '"my.label"');
      assert.equal(regexMatcher.exec('env="dev"'), null);
    });

    it('a doubled quote in a single-quoted YAML string is a PromQL string, not the end', () => {
      // TextMate tries the end and the inner patterns at each position: the end must not match where the
      // doubled quote starts, and the inner string pattern must consume it whole there.
      const end = new RegExp(`^(?:${repo['yaml-single'].end as string})`);
      assert.equal(end.test("''x''}'"), false);
      const value = new RegExp(`^(?:${matchers[2].match as string})`);
      assert.equal(value.exec("''x''}'")?.[0], "''x''");
      assert.ok(end.test("'"));
    });

    it('marks ranges as invalid', () => {
      const invalid = (repo.invalid.patterns as Rule[]).map((r) => compile(r.match as string));
      assert.ok(invalid[0].test('up[5m]'));
      assert.ok(invalid[1].test('rate(up)'));
      assert.ok(!invalid[1].test('my_offset_total'));
    });
  });
});
