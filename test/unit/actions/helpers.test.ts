/** Tables for the pure pieces of the actions: names, selector simplification, grouping, fix-all merging, robustness. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseConfig, runRules, type ParsedConfig } from '../../../server/src/service';
import { toDiagnostics } from '../../../server/src/service/diagnostics';
import { sanitizeSettings } from '../../../server/src/service/settings';
import { codeActions, createActionContext, FIXABLE_CODES, groupSelectors, splitSource } from '../../../server/src/service/actions';
import { allJobNames, deriveJobName } from '../../../server/src/service/actions/jobNames';
import { contentEnd, jobAt } from '../../../server/src/service/actions/yamlText';
import { generateConfig } from '../../../bench/generate';
import { corpusFiles, REPO } from '../corpusFiles';
import { applyWorkspaceEdit, SETTINGS, URI } from './actionHelpers';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'actions');

describe('actions: job names derived from selectors', () => {
  const rows: [string, string | undefined][] = [
    ['{job="istio/istio-mesh"}', 'federate-istio-mesh'],
    ['{__name__=~"job:.*"}', 'federate-job-rules'],
    ['up', 'federate-up'],
    ['{__name__=~"up"}', 'federate-up'],
    ['{__name__=~"^kube_.+"}', 'federate-kube'],
    ['{__name__=~"^ALERTS$"}', 'federate-alerts'],
    ['up{job="node"}', 'federate-up-node'],
    ["{job='prometheus'}", 'federate-prometheus'],
    ['{__name__=~".+"}', undefined],
    ['{job=~".+"}', undefined],
    ['{job!="x"}', undefined],
    ['{instance="a:9090"}', 'federate-a-9090'],
  ];
  for (const [selector, name] of rows) it(`${selector} -> ${name}`, () => assert.equal(deriveJobName(selector), name));
});

describe('actions: fix what the diagnostic data names, nothing more', () => {
  /** The titles of the quick fixes for every real `code` diagnostic of `text`. */
  const fixes = (text: string, code: string, version = '3') => {
    const settings = sanitizeSettings({ prometheusVersion: version });
    const parsed = parseConfig(text);
    const ds = toDiagnostics(runRules(parsed, settings), parsed.model.document.lines, URI, settings).filter((d) => d.code === code);
    assert.ok(ds.length > 0, `no ${code} in:\n${text}`);
    return ds.flatMap((d) => codeActions(parsed, URI, d.range, [d], settings, { only: ['quickfix'] })).map((a) => a.title);
  };
  const FED = 'scrape_configs:\n  - job_name: fed\n    honor_labels: true\n    metrics_path: /federate\n';
  it('unknown-key: the suggested key; none for a key too new for the version, or nothing close', () => {
    assert.deepEqual(fixes('global:\n  scrape_intreval: 1m\n', 'unknown-key'), ['Change to scrape_interval']);
    assert.deepEqual(fixes('scrape_configs:\n  - job_name: a\n    fallback_scrape_protocol: PrometheusText0.0.4\n', 'unknown-key', '2'), []);
    assert.deepEqual(fixes('scrape_configs:\n  - job_name: a\n    completely_else: 1\n', 'unknown-key'), []);
  });
  it('federate-honor-labels: adds the key, flips a false value, overrides a merged false in this job only', () => {
    const job = (keys: string) => `scrape_configs:\n  - job_name: fed\n${keys}    metrics_path: /federate\n    params:\n      match[]: [up]\n`;
    assert.deepEqual(fixes(job(''), 'federate-honor-labels'), ['Add honor_labels: true']);
    assert.deepEqual(fixes(job('    honor_labels: off\n'), 'federate-honor-labels'), ['Set honor_labels to true']);
    const merged = `base: &base\n  honor_labels: false\n${job('    <<: *base\n')}`.replace('base: &base', 'x-base: &base');
    assert.deepEqual(fixes(merged, 'federate-honor-labels'), ['Add honor_labels: true']);
  });
  it('federate-no-match: renames the key the rule names; nothing to rename without one', () => {
    assert.deepEqual(fixes(FED + "    params:\n      mach[]: ['up']\n", 'federate-no-match'), ['Change to match[]']);
    assert.deepEqual(fixes(FED, 'federate-no-match'), []);
    assert.deepEqual(fixes(FED + "    params:\n      format: ['text']\n", 'federate-no-match'), []);
    assert.deepEqual(fixes(FED + '    params:\n      match[]: []\n', 'federate-no-match'), []);
  });
  it('federate-no-match in a flow mapping quotes match[] (brackets are flow indicators there)', () => {
    const text = FED + "    params: {match: ['up']}\n";
    const parsed = parseConfig(text);
    const settings = sanitizeSettings({});
    const [d] = toDiagnostics(runRules(parsed, settings), parsed.model.document.lines, URI, settings).filter((x) => x.code === 'federate-no-match');
    const [fix] = codeActions(parsed, URI, d.range, [d], settings, { only: ['quickfix'] });
    assert.equal(applyWorkspaceEdit(text, fix.edit), FED + "    params: {'match[]': ['up']}\n");
  });
  it('selector-redundant: nothing when the selector moved since the diagnostic', () => {
    const text = FED + "    params:\n      match[]:\n        - '{job=~\"node\"}'\n";
    const parsed = parseConfig(text);
    const settings = sanitizeSettings({});
    const [d] = toDiagnostics(runRules(parsed, settings), parsed.model.document.lines, URI, settings).filter((x) => x.code === 'selector-redundant');
    assert.equal(codeActions(parsed, URI, d.range, [d], settings, { only: ['quickfix'] }).length, 1);
    const data = d.data as { selectorSpan: { start: number; end: number } };
    const stale = { ...d, data: { ...data, selectorSpan: { start: data.selectorSpan.start + 1, end: data.selectorSpan.end } } };
    assert.deepEqual(codeActions(parsed, URI, d.range, [stale], settings, { only: ['quickfix'] }), []);
  });
});
describe('actions: invalid-target', () => {
  /** Each invalid-target fix of `text`, as [title, output]. */
  const fixes = (text: string) => {
    const settings = sanitizeSettings({});
    const parsed = parseConfig(text);
    const ds = toDiagnostics(runRules(parsed, settings), parsed.model.document.lines, URI, settings).filter((d) => d.code === 'invalid-target');
    assert.ok(ds.length > 0, `no invalid-target in:\n${text}`);
    return ds.flatMap((d) => codeActions(parsed, URI, d.range, [d], settings, { only: ['quickfix'] })).map((a) => [a.title, applyWorkspaceEdit(text, a.edit)]);
  };
  const job = (targets: string, keys = '') => `scrape_configs:\n  - job_name: j\n${keys}    static_configs:\n      - targets: [${targets}]\n`;
  const rows: { title: string; text: string; want: string[][] }[] = [
    { title: 'http, no path: the address only', text: job("'http://a:9090'"), want: [['Change to a:9090', job("'a:9090'")]] },
    { title: 'a plain URL stays plain', text: job('http://a:9090'), want: [['Change to a:9090', job('a:9090')]] },
    { title: 'https: adds scheme after job_name', text: job("'https://a:9090'"), want: [['Change to a:9090 and set scheme: https', job("'a:9090'", '    scheme: https\n')]] },
    { title: 'https beside a plain target: that one would switch to https too', text: job("'https://a:9090', 'b:9090'"), want: [] },
    {
      title: 'https beside another https URL: fine, one at a time',
      text: job("'https://a:9090', 'https://b:9090'"),
      want: [
        ['Change to a:9090 and set scheme: https', job("'a:9090', 'https://b:9090'", '    scheme: https\n')],
        ['Change to b:9090 and set scheme: https', job("'https://a:9090', 'b:9090'", '    scheme: https\n')],
      ],
    },
    { title: 'the job says https already', text: job("'https://a:9090', 'b:9090'", '    scheme: https\n'), want: [['Change to a:9090', job("'a:9090', 'b:9090'", '    scheme: https\n')]] },
    { title: 'the path is the metrics_path already', text: job("'http://a:9090/federate'", '    metrics_path: /federate\n'), want: [['Change to a:9090', job("'a:9090'", '    metrics_path: /federate\n')]] },
    {
      title: 'another path replaces metrics_path in place, quotes kept',
      text: job("'http://a:9090/prom/federate'", "    metrics_path: '/federate'\n"),
      want: [['Change to a:9090 and set metrics_path: /prom/federate', job("'a:9090'", "    metrics_path: '/prom/federate'\n")]],
    },
    { title: 'service discovery targets would move too', text: job("'http://a:9090/x'", "    file_sd_configs:\n      - files: ['t.json']\n"), want: [] },
    { title: 'credentials in the URL want basic_auth', text: job("'http://u:p@a:9090'"), want: [] },
    { title: 'not a URL: nothing to take apart', text: job("'a:9090/metrics'"), want: [] },
  ];
  for (const row of rows) it(row.title, () => assert.deepEqual(fixes(row.text), row.want));

  it('Alertmanager targets: the address, never a path', () => {
    const am = (t: string) => `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['${t}']\n`;
    assert.deepEqual(fixes(am('http://am:9093')), [['Change to am:9093', am('am:9093')]]);
    assert.deepEqual(fixes(am('http://am:9093/am')), []);
  });

  it('keeps CRLF line breaks', () => {
    const [[, out]] = fixes(job("'https://a:9090'").replace(/\n/g, '\r\n'));
    assert.equal(out, job("'a:9090'", '    scheme: https\n').replace(/\n/g, '\r\n'));
  });
});

describe('actions: fix-all', () => {
  const fixAll = (text: string) => {
    const parsed = parseConfig(text);
    const [all] = codeActions(parsed, URI, parsed.model.document.lines.range(0, 0), [], SETTINGS, { only: ['source.fixAll'] });
    return applyWorkspaceEdit(text, all.edit);
  };
  it('never adds the same key twice to one mapping: the fix for the error wins', () => {
    const text = 'scrape_configs:\n  - job_name: fed\n    honour_labels: true\n    metrics_path: /federate\n    params:\n      match[]: [up]\n';
    assert.equal(fixAll(text), text.replace('honour_labels', 'honor_labels'));
  });
  it('takes one of two fixes that both add scheme; the next run takes the other', () => {
    const text = "scrape_configs:\n  - job_name: j\n    static_configs:\n      - targets: ['https://a:9090', 'https://b:9090']\n";
    const once = fixAll(text);
    assert.equal(once, "scrape_configs:\n  - job_name: j\n    scheme: https\n    static_configs:\n      - targets: ['a:9090', 'https://b:9090']\n");
    assert.equal(fixAll(once), "scrape_configs:\n  - job_name: j\n    scheme: https\n    static_configs:\n      - targets: ['a:9090', 'b:9090']\n");
  });
});

describe('actions: the split offered on each line', () => {
  it('on every line of a splittable job\'s item, from its `-` to its last comment, and nowhere else', () => {
    const federation = (name: string, dashAlone = false) =>
      `  -${dashAlone ? '\n   ' : ''} job_name: ${name}\n    honor_labels: true\n    metrics_path: /federate\n    params:\n      'match[]':\n        - '{job="a"}'\n        - '{job="b"}'\n    static_configs:\n      - targets: ['${name}:9090']\n      # last targets\n`;
    const text = [
      'global:\n  scrape_interval: 30s\n\nscrape_configs:\n',
      federation('first'),
      '  # between jobs\n\n',
      '  - job_name: plain\n    static_configs:\n      - targets: [a:9100]\n',
      federation('alone', true),
      '  -\n',
      federation('after-empty'),
      '  - job_name: one\n    metrics_path: /federate\n    params:\n      match[]: [up]\n',
      federation('last'),
      'rule_files: []\n',
    ].join('');
    const parsed = parseConfig(text);
    const settings = sanitizeSettings({});
    const ctx = createActionContext(parsed, settings);
    const sources = parsed.model.jobs.flatMap((job) => {
      const src = splitSource(ctx, job);
      return src ? [src] : [];
    });
    assert.equal(sources.length, 4);
    const lines = text.split('\n').length;
    for (let line = 0; line < lines; line++) {
      const offered = codeActions(parsed, URI, { start: { line, character: 0 }, end: { line, character: 0 } }, [], settings, { only: ['refactor.rewrite'], lazy: true })
        .map((a) => (a.data as { jobIndex?: number } | undefined)?.jobIndex)
        .filter((i) => i !== undefined);
      const holder = sources.find((src) => src.firstLine <= line && line <= src.lastLine);
      assert.deepEqual(offered, holder ? [holder.job.index] : [], `line ${line}: ${JSON.stringify(text.split('\n')[line])}`);
    }
  });
});

describe('actions: the job at an offset and the names in use', () => {
  /** The scans they replace, as reference: every job tried in turn; every line start tried by one regex. */
  const linearJobAt = (parsed: ParsedConfig, offset: number) =>
    parsed.model.jobs.find((j) => j.node && j.node.range && j.node.range[0] <= offset && offset <= contentEnd(j.node));
  const JOB_NAME_LINE = /^[ \t]*(?:-[ \t]+)?job_name[ \t]*:[ \t]*(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^#\r\n]*?))[ \t]*(?:#.*)?$/gm;
  const lineNames = (text: string, from: number, to: number) => {
    const names = new Set<string>();
    for (const m of text.matchAll(JOB_NAME_LINE)) {
      const keyAt = m.index! + m[0].indexOf('job_name');
      if (keyAt >= from && keyAt < to) continue;
      const name = m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3];
      if (name) names.add(name);
    }
    return names;
  };
  const texts = () => [generateConfig(40, 2), ...corpusFiles().map((f) => f.text), fs.readFileSync(path.join(REPO, 'examples', 'federation.yml'), 'utf8')];

  it('finds the job whose mapping holds an offset as a scan of every job does, by bisection when parsed job by job', () => {
    let byJob = 0;
    for (const text of texts()) {
      const parsed = parseConfig(text);
      if (parsed.model.document.jobChunks) byJob++;
      for (let offset = 0; offset <= text.length; offset += text.length > 20_000 ? 37 : 3) assert.equal(jobAt(parsed.model, offset), linearJobAt(parsed, offset), `offset ${offset}`);
    }
    assert.ok(byJob >= 20, `only ${byJob} texts parsed job by job`);
  });

  it('reads every job_name line as a scan of every line start does', () => {
    const line = fc.tuple(
      fc.constantFrom('', ' ', '  ', '\t', '  - ', '- ', '-', ' -  ', 'x ', '# '),
      fc.constantFrom('job_name', 'job_name ', 'job_names', 'my_job_name'),
      fc.constantFrom(':', ': ', ' :', ''),
      fc.constantFrom('a', '"a\\"b"', "'it''s'", 'b # c', '', 'job_name: c', '"x', 'é'),
      fc.constantFrom('\n', '\r\n', '\r', '\u2028', ''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (parts) => {
        const text = parts.map((p) => p.join('')).join('');
        const parsed = parseConfig(text);
        const ctx = createActionContext(parsed, SETTINGS);
        const modelNames = parsed.model.jobs.flatMap((j) => (j.name !== undefined ? [j.name] : []));
        assert.deepEqual([...allJobNames(ctx)].sort(), [...new Set([...modelNames, ...lineNames(text, -1, -1)])].sort());
      }),
      { numRuns: 2000 },
    );
    for (const text of texts()) {
      const parsed = parseConfig(text);
      const ctx = createActionContext(parsed, SETTINGS);
      const except = parsed.model.jobs.find((j) => j.node);
      const from = except?.node?.range?.[0] ?? -1;
      const to = except?.node ? contentEnd(except.node) : -1;
      const modelNames = parsed.model.jobs.flatMap((j) => (j !== except && j.name !== undefined ? [j.name] : []));
      assert.deepEqual([...allJobNames(ctx, except)].sort(), [...new Set([...modelNames, ...lineNames(text, from, to)])].sort());
    }
  });
});

describe('actions: grouping selectors', () => {
  it('makes contiguous runs of equal size without weights', () => {
    assert.deepEqual(groupSelectors(5, 2), [[0, 1, 2], [3, 4]]);
    assert.deepEqual(groupSelectors(4, 4), [[0], [1], [2], [3]]);
    assert.deepEqual(groupSelectors(3, 9), [[0], [1], [2]]);
  });
  it('balances by weight, heaviest first', () => {
    assert.deepEqual(groupSelectors(5, 2, [500, 40, 30, 1, 450]), [[0, 3], [1, 2, 4]]);
  });
  it('keeps units whole: runs and balance over whole units', () => {
    assert.deepEqual(groupSelectors(4, 4, undefined, [[0, 2], [1], [3]]), [[0, 2], [1], [3]]);
    assert.deepEqual(groupSelectors(5, 2, undefined, [[0, 1, 2], [3], [4]]), [[0, 1, 2], [3, 4]]);
    assert.deepEqual(groupSelectors(5, 2, undefined, [[0], [1, 2, 3], [4]]), [[0, 1, 2, 3], [4]]);
    assert.deepEqual(groupSelectors(4, 2, [10, 1, 10, 1], [[0, 2], [1], [3]]), [[0, 2], [1, 3]]);
  });
  it('never cuts a unit', () => {
    const units = fc
      .array(fc.nat(9), { minLength: 1, maxLength: 40 })
      .map((tags) => {
        const byTag = new Map<number, number[]>();
        tags.forEach((t, i) => byTag.set(t, [...(byTag.get(t) ?? []), i]));
        return { n: tags.length, units: [...byTag.values()] };
      });
    fc.assert(
      fc.property(units, fc.integer({ min: 1, max: 40 }), fc.option(fc.array(fc.nat(1000), { maxLength: 40 })), ({ n, units: us }, k, w) => {
        const groups = groupSelectors(n, k, w ?? undefined, us);
        assert.equal(groups.length, Math.min(us.length, k));
        assert.ok(groups.every((g) => g.length > 0));
        assert.deepEqual(groups.flat().sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
        for (const u of us) assert.equal(new Set(u.map((i) => groups.findIndex((g) => g.includes(i)))).size, 1, `unit ${u} cut`);
      }),
    );
  });
  it('covers every selector exactly once in k non-empty groups', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.option(fc.array(fc.double({ noNaN: false }), { maxLength: 60 })), (n, k, w) => {
        const groups = groupSelectors(n, k, w ?? undefined);
        assert.equal(groups.length, Math.min(n, k));
        assert.ok(groups.every((g) => g.length > 0));
        assert.deepEqual(groups.flat().sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
        if (!w) assert.ok(Math.max(...groups.map((g) => g.length)) - Math.min(...groups.map((g) => g.length)) <= 1);
      }),
    );
  });
});

describe('actions: robustness', () => {
  const texts = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.yml')).map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));

  it('any fixable code with any data at any place gives valid, non-overlapping edits or nothing', () => {
    const data = fc.oneof(
      fc.constant({}),
      fc.record({ jobIndex: fc.integer({ min: -2, max: 9 }), key: fc.string(), suggestion: fc.string(), simplified: fc.string(), kind: fc.string() }, { requiredKeys: [] }),
      fc.record({ keySpan: fc.record({ start: fc.integer({ min: -5, max: 2000 }) }), span: fc.record({ start: fc.integer({ min: -5, max: 2000 }) }), pairSpan: fc.record({ start: fc.nat(2000) }) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.constantFrom(...FIXABLE_CODES), fc.nat(), fc.nat(40), data, (text, code, at, length, d) => {
        const parsed = parseConfig(text);
        const lines = parsed.model.document.lines;
        const start = at % (text.length + 1);
        const diagnostic: Diagnostic = { range: lines.range(start, Math.min(text.length, start + length)), code, source: 'promfed', message: '', data: { ...d, code } };
        for (const action of codeActions(parsed, URI, diagnostic.range, [diagnostic], SETTINGS)) {
          if (!action.edit) continue;
          const out = applyWorkspaceEdit(text, action.edit);
          assert.equal(typeof out, 'string');
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('never offers a fix for a diagnostic from another source', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'duplicate-job-name.yml'), 'utf8');
    const parsed = parseConfig(text);
    const d: Diagnostic = { range: parsed.model.document.lines.range(0, 5), code: 'duplicate-job-name', source: 'yaml', message: '' };
    assert.deepEqual(codeActions(parsed, URI, d.range, [d], SETTINGS, { only: ['quickfix'] }), []);
  });
});

describe('actions: where the split is offered', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'split-block.yml'), 'utf8');
  const parsed = parseConfig(text);
  const lines = text.split('\n');
  const offered = (line: number) =>
    codeActions(parsed, URI, { start: { line, character: 0 }, end: { line, character: 0 } }, [], SETTINGS, { only: ['refactor'] }).some((a) =>
      a.title.startsWith('Split into one job per'),
    );
  it('anywhere inside the federation job, from its dash to its last comment', () => {
    const first = lines.findIndex((l) => l.includes('job_name: regions'));
    const last = lines.findIndex((l) => l.includes('regex: exported_'));
    for (let l = first; l <= last; l++) assert.ok(offered(l), `line ${l + 1}: ${lines[l]}`);
  });
  it('not outside it', () => {
    for (const probe of ['job_name: prometheus', '# Everything', 'job_name: federate-up', 'scrape_configs:']) {
      const l = lines.findIndex((x) => x.includes(probe));
      assert.ok(!offered(l), `line ${l + 1}: ${lines[l]}`);
    }
  });
});
