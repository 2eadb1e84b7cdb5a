/** service/preview.ts (analyse) and service/previewRender.ts (render) on in-memory configs and recorded results. */
import * as assert from 'node:assert/strict';
import { parseExposition } from '../../../server/src/federate/exposition';
import type { FederateResult } from '../../../server/src/federate/types';
import { parseConfig } from '../../../server/src/service';
import { analyzePreviewAt, focusSelectors, planJob, requestFor } from '../../../server/src/service/preview';
import { buildReport, formatAge, renderPreviewHover, renderReportMarkdown } from '../../../server/src/service/previewRender';
import { sanitizeSettings } from '../../../server/src/service/settings';

const live = (l: Record<string, unknown> = {}) => sanitizeSettings({ live: { enabled: true, ...l } }).live;

const BASE = `global:
  scrape_interval: 30s
  scrape_timeout: 20s
  sample_limit: 50000
scrape_configs:
  - job_name: fed
    scrape_interval: 15s
    honor_labels: true
    metrics_path: /prom/federate
    body_size_limit: 10MB
    label_limit: 30
    basic_auth: {username: u, password_file: secrets/pw}
    tls_config: {ca_file: ca.pem, server_name: prom.internal, min_version: TLS13}
    params:
      match[]: ['up', '{job="node"}']
      extra: one
    static_configs:
      - targets: ['a:9090', 'b:9090', 'a:9090']
`;

function plan(text: string, l = live(), index = 0) {
  const model = parseConfig(text).model;
  return planJob(model, model.jobs[index], l);
}

describe('preview: analyse', () => {
  it('plans a job: targets (deduplicated), params, auth and TLS as references, limits with their source, timeout', () => {
    const p = plan(BASE);
    assert.deepEqual(p.targets.map((t) => t.address), ['a:9090', 'b:9090']);
    assert.deepEqual(p.selectors, ['up', '{job="node"}']);
    assert.deepEqual(p.params, { 'match[]': ['up', '{job="node"}'], extra: ['one'] });
    assert.deepEqual(p.auth, { kind: 'basic', username: { value: 'u' }, password: { file: 'secrets/pw' } });
    assert.deepEqual(p.tls, { ca: { file: 'ca.pem' }, serverName: 'prom.internal', minVersion: 'TLS13' });
    assert.equal(p.metricsPath, '/prom/federate');
    // scrape_timeout 20s from global is cut to the job's 15s interval.
    assert.equal(p.scrapeTimeoutMs, 15_000);
    assert.equal(p.timeoutMs, 10_000, 'capped by promfed.live.timeoutMs');
    assert.deepEqual(p.limits, {
      bodySizeLimit: { value: 10 * 1024 * 1024, source: 'job' },
      sampleLimit: { value: 50_000, source: 'global' },
      labelLimit: { value: 30, source: 'job' },
    });
    assert.equal(p.blocked, undefined);
  });

  const rows: { title: string; text: string; settings?: Record<string, unknown>; expect: (p: ReturnType<typeof plan>) => void }[] = [
    {
      title: 'service discovery only: blocked, and says how to give a target',
      text: 'scrape_configs:\n  - job_name: k8s\n    metrics_path: /federate\n    kubernetes_sd_configs: [{role: pod}]\n',
      expect: (p) => assert.match(p.blocked ?? '', /kubernetes_sd_configs.*promfed\.live\.targets to \{"k8s": "host:port"\}/),
    },
    {
      title: 'promfed.live.targets overrides the job targets',
      text: 'scrape_configs:\n  - job_name: k8s\n    metrics_path: /federate\n    kubernetes_sd_configs: [{role: pod}]\n',
      settings: { targets: { k8s: 'http://localhost:9090' } },
      expect: (p) => {
        assert.equal(p.blocked, undefined);
        assert.deepEqual(p.targets, [{ address: 'localhost:9090', source: 'setting' }]);
      },
    },
    {
      title: 'an override that is not host:port blocks',
      text: 'scrape_configs:\n  - job_name: x\n    metrics_path: /federate\n',
      settings: { targets: { x: 'a:1/path' } },
      expect: (p) => assert.match(p.blocked ?? '', /not a host:port/),
    },
    {
      title: 'oauth2 is not sent at all',
      text: "scrape_configs:\n  - job_name: x\n    metrics_path: /federate\n    oauth2: {client_id: a}\n    static_configs: [{targets: ['h:1']}]\n",
      expect: (p) => assert.match(p.blocked ?? '', /cannot send oauth2/),
    },
    {
      title: 'bearer_token_file becomes an authorization reference',
      text: "scrape_configs:\n  - job_name: x\n    metrics_path: /federate\n    bearer_token_file: /t\n    static_configs: [{targets: ['h:1']}]\n",
      expect: (p) => assert.deepEqual(p.auth, { kind: 'authorization', type: 'Bearer', credentials: { file: '/t' }, from: 'bearer_token' }),
    },
    {
      title: 'https, follow_redirects and enable_compression off, proxy_url',
      text: "scrape_configs:\n  - job_name: x\n    scheme: https\n    follow_redirects: false\n    enable_compression: false\n    proxy_url: http://proxy:3128\n    metrics_path: /federate\n    static_configs: [{targets: ['h:1']}]\n",
      expect: (p) => {
        assert.equal(p.scheme, 'https');
        assert.equal(p.followRedirects, false);
        assert.equal(p.enableCompression, false);
        assert.equal(p.proxyUrl, 'http://proxy:3128');
      },
    },
    {
      title: 'more targets than the cap: a note',
      text: `scrape_configs:\n  - job_name: x\n    metrics_path: /federate\n    static_configs: [{targets: [${Array.from({ length: 10 }, (_, i) => `'h${i}:1'`).join(', ')}]}]\n`,
      expect: (p) => {
        assert.equal(p.targets.length, 8);
        assert.equal(p.omittedTargets, 2);
        assert.match(p.notes.join(' '), /only the first 8 of 10/);
      },
    },
  ];
  for (const row of rows) it(row.title, () => row.expect(plan(row.text, live(row.settings))));

  it('finds the focus: a selector alone, or the whole job on job_name, metrics_path, params', () => {
    const model = parseConfig(BASE).model;
    const at = (needle: string, delta = 1) => analyzePreviewAt(model, BASE.indexOf(needle) + delta, live());
    const sel = at(`'{job="node"}'`, 3)!;
    assert.equal(sel.kind, 'selector');
    assert.deepEqual(focusSelectors(sel), ['{job="node"}']);
    for (const needle of ['job_name', 'fed\n', 'metrics_path', '/prom/federate', 'params', 'match[]']) {
      const f = at(needle);
      assert.equal(f?.kind, 'job', needle);
      assert.deepEqual(focusSelectors(f!), ['up', '{job="node"}']);
    }
    assert.equal(at('honor_labels'), undefined);
    assert.equal(at('global'), undefined);
  });

  it('builds the request of one target the way the job scrapes', () => {
    const p = plan(BASE);
    const r = requestFor(p, p.targets[1], ['up'], { auth: { kind: 'basic', username: 'u', password: 'p' } }, 4096);
    assert.deepEqual(r.params, { 'match[]': ['up'], extra: ['one'] });
    assert.equal(r.target, 'b:9090');
    assert.equal(r.timeoutMs, 10_000);
    assert.equal(r.scrapeTimeoutSeconds, 15);
    assert.equal(r.maxBytes, 4096);
  });
});

// ---- render ----

const NOW = 1_700_000_100_000;
const BODY = '# TYPE up untyped\nup{instance="a",job="x"} 1 1700000099000\nup{instance="b",job="x"} 1 1700000000000\n# TYPE go_goroutines untyped\ngo_goroutines{instance="a",job="x"} 40 1700000090000\n';

function recorded(over: Partial<FederateResult> = {}): FederateResult {
  const summary = parseExposition(BODY);
  return {
    ok: true,
    status: 200,
    statusText: 'OK',
    message: 'ok',
    url: 'http://a:9090/prom/federate',
    credentialsDropped: false,
    redirects: 0,
    bytesOnWire: 120,
    bytesUncompressed: summary.bytes,
    durationMs: 4200,
    summary,
    ...over,
  };
}

describe('preview: render', () => {
  const p = plan(BASE.replace("['a:9090', 'b:9090', 'a:9090']", "['a:9090']").replace('scrape_interval: 15s', 'scrape_interval: 10s'));
  const report = (result: FederateResult, extra: Partial<Parameters<typeof buildReport>[0]> = {}) =>
    buildReport({ plan: p, focus: 'job', selectors: p.selectors, fetches: [{ target: p.targets[0], result }], maxBytes: 1024 * 1024, now: NOW, ...extra });

  it('fits: counts, time against the timeout, ages, first lines', () => {
    const r = report(recorded());
    assert.equal(r.verdict, 'fits');
    assert.equal(r.headline, 'fits: 3 series in 4.2 s of 10 s');
    assert.deepEqual(r.topMetrics, [{ name: 'up', series: 2 }, { name: 'go_goroutines', series: 1 }]);
    const t = r.targets[0];
    assert.equal(t.newestSampleAgeMs, 1000);
    assert.equal(t.oldestSampleAgeMs, 100_000);
    const md = renderPreviewHover(r);
    assert.match(md, /\*\*3 series\*\*, 2 metric names, \d+ B \(120 B on the wire\)/);
    assert.match(md, /answered in \*\*4\.2 s of 10 s\*\*/);
    assert.match(md, /samples: newest 1 s old, oldest 1 min 40 s old/);
    assert.match(md, /sample_limit 3 of 50,000 · label_limit 2 of 30/);
    assert.match(md, /```text\n# TYPE up untyped\nup\{instance="a"/);
  });

  const verdicts: { title: string; result: Partial<FederateResult>; verdict: string; headline: RegExp }[] = [
    { title: 'over 80 % of the timeout is close', result: { durationMs: 8500 }, verdict: 'close', headline: /^fits, but close to the timeout \(8\.5 s of 10 s\)/ },
    { title: 'a timeout at the full scrape_timeout fails', result: { ok: false, errorKind: 'timeout', message: 'the answer did not finish within 10 s', durationMs: 10_000 }, verdict: 'fail', headline: /^will fail: the answer did not finish within 10 s/ },
    { title: 'a 401 fails with its sentence', result: { ok: false, status: 401, statusText: 'Unauthorized', errorKind: 'http', message: "401 Unauthorized: the server rejected the job's credentials", summary: undefined }, verdict: 'fail', headline: /^will fail: 401 Unauthorized/ },
    { title: 'a refused connection fails', result: { ok: false, status: undefined, errorKind: 'refused', message: 'connection refused by a:9090', summary: undefined, durationMs: 3 }, verdict: 'fail', headline: /connection refused/ },
    { title: 'cut at maxBytes below body_size_limit cannot tell', result: { ok: false, errorKind: 'too-large', message: 'larger', bytesUncompressed: 1024 * 1024 }, verdict: 'unknown', headline: /^cannot tell: .*promfed\.live\.maxBytes/ },
    { title: 'a body over body_size_limit fails', result: { bytesUncompressed: 11 * 1024 * 1024 }, verdict: 'fail', headline: /body_size_limit exceeded \(11 MiB of 10 MiB\)/ },
    { title: 'garbage fails', result: { ok: false, errorKind: 'not-prometheus', message: 'the answer is not in the Prometheus text format', summary: parseExposition('<html>') }, verdict: 'fail', headline: /not in the Prometheus text format/ },
  ];
  for (const row of verdicts) {
    it(row.title, () => {
      const r = report(recorded(row.result));
      assert.equal(r.verdict, row.verdict, r.headline);
      assert.match(r.headline, row.headline);
      assert.ok(renderReportMarkdown(r).includes(r.headline));
    });
  }

  it('a timeout with a deadline shorter than scrape_timeout cannot tell', () => {
    const short = { ...p, timeoutMs: 1000 };
    const r = buildReport({ plan: short, focus: 'job', selectors: p.selectors, fetches: [{ target: p.targets[0], result: recorded({ ok: false, errorKind: 'timeout', message: 'no answer within 1 s', durationMs: 1000, summary: undefined }) }], maxBytes: 1 << 20, now: NOW });
    assert.equal(r.verdict, 'unknown');
  });

  it('sample_limit over: fail; several targets: sums and the worst verdict', () => {
    const tight = { ...p, limits: { sampleLimit: { value: 2, source: 'job' as const } }, targets: [p.targets[0], { address: 'b:9090', source: 'static' as const }] };
    const r = buildReport({
      plan: tight,
      focus: 'job',
      selectors: p.selectors,
      fetches: [
        { target: tight.targets[0], result: recorded() },
        { target: tight.targets[1], result: recorded({ summary: parseExposition('up 1\n'), url: 'http://b:9090/prom/federate' }) },
      ],
      maxBytes: 1 << 20,
      now: NOW,
    });
    assert.deepEqual(r.targets.map((t) => t.verdict), ['fail', 'fits']);
    assert.equal(r.verdict, 'fail');
    assert.equal(r.total.series, 4);
    assert.match(r.headline, /^will fail: a:9090: sample_limit exceeded \(3 of 2\)/);
    assert.match(renderPreviewHover(r), /\*\*Sum over 2 targets:\*\* 4 series/);
  });

  it('blocked: one sentence, nothing else', () => {
    const r = buildReport({ plan: { ...p, blocked: 'no targets' }, focus: 'job', selectors: [], fetches: [], maxBytes: 1, now: NOW });
    assert.equal(r.verdict, 'unknown');
    assert.equal(renderPreviewHover(r).split('\n').pop(), '❔ not fetched: no targets');
  });

  it('formats ages', () => {
    assert.deepEqual([0, 59_000, 61_000, 3_600_000, 3_660_000, 90_000_000].map(formatAge), ['0 s', '59 s', '1 min 1 s', '1 h', '1 h 1 min', '1 d']);
  });
});
