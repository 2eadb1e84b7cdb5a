import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseConfig } from '../../../server/src/service';
import type { PromVersion } from '../../../server/src/service/promql';
import { canonicalSelector, jobSelectors, matcherKey, normalizedMatchers, selectorTextMatchers } from '../../../server/src/service/selectors';
import { selectorOverlapFindings } from '../../../server/src/service/rules/selectorOverlap';
import { expectSpans, findings, marked, table } from '../helpers';

const HEAD = 'scrape_configs:\n  - job_name: fed\n    metrics_path: /federate\n    honor_labels: true\n    params:\n      match[]:\n';
/** A federation job whose match[] list is `items` (already indented list lines). */
const job = (items: string) => HEAD + items;

describe('selector-invalid', () => {
  table('selector-invalid', [
    { title: 'range selector, plain scalar', text: job('        - up⟦[⟧5m]\n'), message: 'unexpected "["' },
    { title: 'range selector, single-quoted', text: job("        - 'up⟦[⟧5m]'\n"), message: '400 Bad Request' },
    { title: 'range selector, double-quoted', text: job('        - "up⟦[⟧5m]"\n') },
    { title: 'flow list, second item', text: HEAD.replace('match[]:\n', '') + "      match[]: ['{job=\"a\"}', 'up⟦[⟧5m]']\n" },
    { title: 'unterminated matcher points at the closing quote', text: job("        - '{job=⟦'⟧\n") },
    { title: 'empty selector', text: job("        - '⟦'⟧\n"), message: 'unexpected end of input' },
    { title: 'dot in a bare name', text: job('        - a⟦.⟧b\n') },
    { title: 'quoted metric name in 2.x', text: job("        - '{⟦\"my.metric\"⟧}'\n"), version: '2', message: 'expected identifier' },
    { title: 'quoted metric name in 3.x is fine', text: job("        - '{\"my.metric\"}'\n") },
    { title: 'trailing comma is fine', text: job("        - '{job=\"x\",}'\n") },
    { title: 'valid selectors', text: job("        - up\n        - '{job=\"node\"}'\n        - \"{__name__=~'job:.*'}\"\n") },
    { title: 'not a federation job: match[] is just a parameter', text: "scrape_configs:\n  - job_name: x\n    params:\n      match[]: ['up[5m]']\n" },
  ]);
});

describe('selector-suspicious', () => {
  table('selector-suspicious', [
    { title: '{} matches nothing', text: job("        - ⟦'{}'⟧\n"), message: 'matches no series' },
    { title: 'all matchers accept an absent label', text: job("        - ⟦'{job=\"\"}'⟧\n"), message: 'absent label' },
    { title: 'regex matching everything', text: job("        - ⟦'{job=~\".*\"}'⟧\n"), message: 'every series' },
    { title: 'every name', text: job('        - ⟦"{__name__=~\'.+\'}"⟧\n'), message: 'federation docs warn' },
    { title: 'anchored everything', text: job("        - ⟦'{__name__=~\"^.*$\"}'⟧\n") },
    { title: 'only an exclusion', text: job("        - ⟦'{job!=\"dev\"}'⟧\n"), message: 'only excludes' },
    { title: '!~ everything', text: job("        - ⟦'{job!~\".*\"}'⟧\n"), message: 'matches no series' },
    { title: 'metric name twice, disagreeing', text: job("        - 'up{⟦__name__=\"x\"⟧}'\n"), message: 'disagree' },
    { title: 'metric name twice, agreeing', text: job('        - up{⟦__name__="up"⟧}\n'), message: 'Drop the __name__ matcher' },
    { title: 'a name and a match-all label', text: job("        - 'up{job=~\".*\"}'\n") },
    { title: 'an optional first character accepts an absent label', text: job("        - ⟦'{job=~\"a?\", env=\"\"}'⟧\n"), message: 'absent label' },
    { title: 'an empty alternative accepts an absent label', text: job("        - ⟦'{job=~\"a|\"}'⟧\n"), message: 'absent label' },
    { title: 'a regex closing the anchors\' group accepts an absent label', text: job("        - ⟦'{job=~\"x)*(\"}'⟧\n"), message: 'absent label' },
    { title: 'a regex that needs a character', text: job("        - '{env=\"\", region=~\"eu-.+\"}'\n") },
    { title: 'a normal selector', text: job("        - '{job=\"node\", env!=\"dev\"}'\n") },
    { title: 'an invalid selector is selector-invalid only', text: job("        - '{}[5m]'\n") },
  ]);

  it('offers the fixed selector when both names agree', () => {
    const [f] = expectSpans(job('        - up{⟦__name__="up"⟧}\n'), 'selector-suspicious');
    assert.equal(f.data?.replacement, 'up');
    assert.equal(f.data?.kind, 'name-twice');
  });
});

describe('selector-redundant', () => {
  table('selector-redundant', [
    { title: 'anchors and no metacharacters', text: job("        - '{⟦__name__=~\"^ALERTS$\"⟧}'\n"), message: 'anchors every regex' },
    { title: 'regex without metacharacters', text: job("        - '{⟦job=~\"node\"⟧}'\n"), message: '= says the same thing as =~' },
    { title: 'negative regex without metacharacters', text: job("        - '{__name__=~\"job:.+\", ⟦env!~\"dev\"⟧}'\n") },
    { title: 'anchors on a real regex', text: job('        - {⟦__name__=~"^kube_.+"⟧}\n'.replace('{', "'{").replace('}\n', "}'\n")) },
    { title: 'double-quoted YAML', text: job("        - \"{⟦job=~'node'⟧}\"\n") },
    { title: 'escaped dollar is not an anchor', text: job("        - '{a=~\"x\\\\$\"}'\n") },
    { title: 'real regex', text: job("        - '{__name__=~\"job:.*\"}'\n") },
    { title: 'multi-line mode keeps its anchors', text: job("        - '{a=~\"(?m)^x.*$\"}'\n") },
  ]);

  describe('the simpler selector it names (data.simplified)', () => {
    const rows: [string, string | undefined][] = [
      ['{__name__=~"^ALERTS$"}', 'ALERTS'],
      ['{__name__=~"up"}', 'up'],
      ['{__name__=~"^kube_.+"}', '{__name__=~"kube_.+"}'],
      ['{job!~"^a$"}', '{job!="a"}'],
      ["{job=~'^node$', env=\"prod\"}", '{job="node", env="prod"}'],
      ['ALERTS{alertstate=~"firing"}', 'ALERTS{alertstate="firing"}'],
      ['{job=~"(?i)^a$"}', '{job=~"(?i)a"}'],
      ['{job=~"a\\$"}', undefined],
      ['{x="job=~\'^a$\'"}', undefined],
      ['up', undefined],
    ];
    for (const [selector, want] of rows) {
      it(`${selector} -> ${want ?? 'nothing to simplify'}`, () => {
        const got = findings(job(`        - '${selector.replace(/'/g, "''")}'\n`)).filter((f) => f.code === 'selector-redundant');
        assert.deepEqual([...new Set(got.map((f) => f.data?.simplified))], want === undefined ? [] : [want]);
      });
    }
  });

  it('carries the simplified selector, requoted as written', () => {
    const single = expectSpans(job("        - '{⟦__name__=~\"^ALERTS$\"⟧}'\n"), 'selector-redundant')[0];
    assert.equal(single.data?.replacement, "'ALERTS'");
    assert.deepEqual(single.tags, ['unnecessary']);
    const double = expectSpans(job("        - \"{⟦job=~'node'⟧}\"\n"), 'selector-redundant')[0];
    assert.equal(double.data?.replacement, '"{job=\\"node\\"}"');
    const anchors = expectSpans(job("        - '{⟦__name__=~\"^kube_.+\"⟧}'\n"), 'selector-redundant')[0];
    assert.equal(anchors.data?.replacement, `'{__name__=~"kube_.+"}'`);
  });
});

/** Two federation jobs; the second's targets default to the first's. */
function two(a: string, b: string, targetA = 'p:9090', targetB = targetA): string {
  const jobText = (name: string, sel: string, target: string) =>
    `  - job_name: ${name}\n    metrics_path: /federate\n    honor_labels: true\n    params:\n      match[]:\n        - ${sel}\n    static_configs:\n      - targets: ['${target}']\n`;
  return 'scrape_configs:\n' + jobText('f1', a, targetA) + jobText('f2', b, targetB);
}

describe('selector-overlap', () => {
  table('selector-overlap', [
    { title: 'identical selectors', text: two("⟦'{job=\"node\"}'⟧", `⟦"{job='node'}"⟧`), message: 'duplicate sample for timestamp' },
    { title: 'same metric name', text: two("⟦'up{env=\"a\"}'⟧", '⟦up⟧'), message: 'both select metric up' },
    { title: 'regex matching a literal name', text: two("⟦'{__name__=~\"job:.*\"}'⟧", '⟦job:up:sum⟧'), message: 'matches metric job:up:sum' },
    { title: 'anchored regex as a literal', text: two("⟦'{__name__=~\"^ALERTS$\"}'⟧", '⟦ALERTS⟧') },
    { title: 'subset of matchers', text: two("⟦'{job=\"node\"}'⟧", "⟦'{env=\"prod\", job=\"node\"}'⟧"), message: 'every series one selects' },
    { title: 'same name, disjoint labels', text: two("'up{env=\"a\"}'", "'up{env=\"b\"}'") },
    { title: 'regex not matching the name', text: two("'{__name__=~\"job:.*\"}'", 'node_cpu_seconds_total') },
    { title: 'regexes with disjoint prefixes', text: two("'{__name__=~\"kube_.+\"}'", "'{__name__=~\"node_.+\"}'") },
    { title: 'different targets', text: two("'{job=\"node\"}'", "'{job=\"node\"}'", 'p:9090', 'q:9090') },
    { title: 'same target written differently', text: two("⟦'{job=\"node\"}'⟧", "⟦'{job=\"node\"}'⟧", 'P:9090', 'p:9090') },
    { title: 'a selector matching every series', text: two("⟦'{__name__=~\".+\"}'⟧", "⟦'{job=\"node\"}'⟧"), message: 'selects every series' },
    { title: 'label excluded by the other', text: two("'{job=\"node\"}'", "'{job!=\"node\", env=\"x\"}'") },
  ]);

  it('relates each side to the other and names the target', () => {
    const got = expectSpans(two("⟦'{job=\"node\"}'⟧", "⟦'{job=\"node\"}'⟧"), 'selector-overlap');
    assert.equal(got[0].related?.[0].start, got[1].start);
    assert.equal(got[1].related?.[0].start, got[0].start);
    assert.equal(got[0].data?.target, 'p:9090');
    assert.equal(got[0].data?.otherJobIndex, 1);
  });

  it('says nothing about overlap inside one job', () => {
    expectSpans(job("        - '{job=\"node\"}'\n        - 'up{job=\"node\"}'\n") + "    static_configs:\n      - targets: ['p:9090']\n", 'selector-overlap');
  });

  it('reports a pair once even when the jobs share several targets', () => {
    const text = two("'{job=\"node\"}'", "'{job=\"node\"}'").replace(/\['p:9090'\]/g, "['p:9090', 'q:9090']");
    assert.equal(findings(text).filter((f) => f.code === 'selector-overlap').length, 2);
  });

  it('compares selectors by matchers made from their text, as the analysis of the job makes them', () => {
    // The rule's facts keep each selector's text only; the matchers are made again from it for jobs that share a target.
    const matcher = fc
      .tuple(
        fc.constantFrom('job', '__name__', 'env', 'a_1'),
        fc.constantFrom('=', '!=', '=~', '!~'),
        fc.constantFrom('"', "'"),
        fc.constantFrom('x', '', 'eu-.+', '^job:a:.*$', 'a_(b|c)_total', '.*', 'é', '(?i)x', ' ', 'up', '\\\\.'),
      )
      .map(([name, op, q, value]) => `${name}${op}${q}${value}${q}`);
    const selector = fc
      .tuple(fc.constantFrom('', 'up', 'a:b', ' up ', 'sum'), fc.array(matcher, { maxLength: 3 }), fc.constantFrom('', ' '))
      .map(([name, ms, pad]) => `${pad}${name}{${ms.join(', ')}}${pad}`);
    let compared = 0;
    fc.assert(
      fc.property(fc.array(selector, { minLength: 1, maxLength: 4 }), fc.constantFrom<PromVersion>('2', '3'), (sels, version) => {
        const text = HEAD + sels.map((s) => `        - ${JSON.stringify(s)}\n`).join('');
        const model = parseConfig(text).model;
        for (const sel of jobSelectors(model, model.jobs[0], version)) {
          if (sel.errors.length > 0) continue;
          compared++;
          assert.deepEqual(selectorTextMatchers(sel.ref.value.trim(), version), normalizedMatchers(sel), sel.ref.value);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
    assert.ok(compared > 400, `only ${compared} valid selectors compared`);
  });

  it('stays fast on 5000 federation jobs', () => {
    let text = 'scrape_configs:\n';
    for (let i = 0; i < 5000; i++) {
      text +=
        `  - job_name: f${i}\n    metrics_path: /federate\n    honor_labels: true\n    params:\n      match[]:\n` +
        `        - '{job="j${i}"}'\n        - 'm${i % 50}{env="e${i}"}'\n    static_configs:\n      - targets: ['p${i % 100}:9090', 'shared${i}:9090']\n`;
    }
    const parsed = parseConfig(text);
    const started = Date.now();
    const got = selectorOverlapFindings(parsed.model, '3');
    const elapsed = Date.now() - started;
    assert.equal(got.length, 0);
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  });
});

describe('selector-repeated', () => {
  table('selector-repeated', [
    { title: 'the same selector twice', text: job("        - '{job=\"a\"}'\n        - ⟦\"{job='a'}\"⟧\n"), message: 'already asks for' },
    { title: 'matchers in another order', text: job("        - '{a=\"1\",b=\"2\"}'\n        - ⟦'{b=\"2\", a=\"1\"}'⟧\n") },
    { title: 'regex spelled as a literal', text: job("        - 'up'\n        - ⟦'{__name__=~\"^up$\"}'⟧\n") },
    { title: 'different selectors', text: job("        - '{job=\"a\"}'\n        - '{job=\"b\"}'\n") },
  ]);

  it('finds a repeat however its matchers are ordered, repeated or spelled', () => {
    // The rule compares canonical texts only where a mask of the matchers says two selectors may be equal: the
    // reference here compares every pair's canonical text.
    const matcher = fc
      .tuple(fc.constantFrom('job', 'env', '__name__'), fc.constantFrom('=', '=~'), fc.constantFrom('x', '^x$', 'x.+'), fc.constantFrom('"', "'"))
      .map(([name, op, value, q]) => `${name}${op}${q}${value}${q}`);
    const selector = fc
      .tuple(fc.constantFrom('', '', 'x'), fc.array(matcher, { minLength: 1, maxLength: 3 }))
      .map(([name, ms]) => `${name}{${ms.join(', ')}}`);
    let repeats = 0;
    fc.assert(
      fc.property(fc.array(selector, { minLength: 3, maxLength: 6 }), (sels) => {
        const text = HEAD + sels.map((s) => `        - ${JSON.stringify(s)}\n`).join('');
        const model = parseConfig(text).model;
        const seen = new Set<string>();
        const expected: number[] = [];
        for (const sel of jobSelectors(model, model.jobs[0], '3')) {
          const norm = normalizedMatchers(sel);
          if (sel.errors.length > 0 || norm.length === 0) continue;
          const canonical = canonicalSelector(new Set(norm.map(matcherKey)));
          if (seen.has(canonical)) expected.push(sel.ref.index);
          seen.add(canonical);
        }
        const got = findings(text)
          .filter((f) => f.code === 'selector-repeated')
          .map((f) => f.data?.selectorIndex);
        assert.deepEqual(got, expected, sels.join(' | '));
        repeats += expected.length;
      }),
      { numRuns: 300, seed: 20261123 },
    );
    assert.ok(repeats > 30, `only ${repeats} repeats generated`);
  });

  it('gives what to delete: the line, or the flow item with its comma', () => {
    const block = job("        - '{job=\"a\"}'\n        - '{job=\"a\"}'\n");
    const [f] = findings(block).filter((x) => x.code === 'selector-repeated');
    const span = f.data?.removeSpan as { start: number; end: number };
    assert.equal(block.slice(0, span.start) + block.slice(span.end), job("        - '{job=\"a\"}'\n"));
    const { text: flow } = marked(HEAD.replace('match[]:\n', '') + "      match[]: ['{job=\"a\"}', 'up', '{job=\"a\"}']\n");
    const [g] = findings(flow).filter((x) => x.code === 'selector-repeated');
    const s = g.data?.removeSpan as { start: number; end: number };
    assert.equal(flow.slice(0, s.start) + flow.slice(s.end), HEAD.replace('match[]:\n', '') + "      match[]: ['{job=\"a\"}', 'up']\n");
  });
});
