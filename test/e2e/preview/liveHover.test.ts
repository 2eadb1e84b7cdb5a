import * as assert from 'node:assert/strict';
import { countSamples, independentUrl, plainGet, startPrometheus, tempDir, type RunningPrometheus } from '../federate/helpers';
import { liveSettings, openConfig, seriesCounts, type OpenConfig } from './lsp';

/** Plain fetches before and after `action` must agree; `action` must then see the same count. */
async function stableCount(prom: RunningPrometheus, selectors: string[]): Promise<{ series: number; names: number }> {
  const url = independentUrl(prom.base, selectors);
  for (let i = 0; i < 10; i++) {
    const a = countSamples((await plainGet(url)).body);
    const b = countSamples((await plainGet(url)).body);
    if (a.series === b.series) return { series: a.series, names: Object.keys(a.byName).length };
  }
  throw new Error('the series set never held still');
}

describe('live preview over stdio against a real Prometheus', function () {
  this.timeout(120_000);
  let prom: RunningPrometheus;
  let dir: string;
  let open: OpenConfig | undefined;

  before(async () => {
    prom = await startPrometheus({}, async (base) => {
      if ((await plainGet(`${base}/-/ready`)).status !== 200) return false;
      const data = await plainGet(independentUrl(base, ['{__name__=~"go_.*"}', 'up']));
      return data.body.includes('up{') && data.body.includes('go_goroutines');
    });
    dir = tempDir('preview');
  });
  after(async () => {
    await prom?.stop();
  });
  afterEach(async () => {
    if (open) await open.client.shutdown();
    open = undefined;
  });

  const config = (extra = '', selectors = [`'{__name__=~"go_.*"}'`, `'up'`]) =>
    [
      'global:',
      '  scrape_interval: 15s',
      'scrape_configs:',
      '  - job_name: federate-e2e',
      '    honor_labels: true',
      '    metrics_path: /federate',
      ...(extra ? [extra] : []),
      '    params:',
      '      match[]:',
      ...selectors.map((s) => `        - ${s}`),
      '    static_configs:',
      `      - targets: ['127.0.0.1:${prom.port}']`,
      '',
    ].join('\n');

  it('a hover on a selector shows that selector alone, with the counts an independent fetch sees', async () => {
    open = await openConfig(dir, config(), liveSettings());
    const expected = await stableCount(prom, ['{__name__=~"go_.*"}']);
    const md = await open.hover('{__name__');
    assert.match(md, /Live \/federate preview\*\* of selector/);
    assert.deepEqual(seriesCounts(md), [expected.series], md);
    assert.match(md, new RegExp(`${expected.names} metric names`));
    assert.match(md, /\*\*200 OK\*\*/);
    assert.match(md, /answered in \*\*[\d.]+ s of 10 s\*\* \(scrape_timeout\)/);
    assert.match(md, /samples: newest \d+ s old/);
    assert.match(md, /```text\n# TYPE go_/);
    // The static part of the hover is still there.
    assert.match(md, /Federates series whose name matches the regex/);
  });

  it('a hover on job_name previews all selectors together, as Prometheus scrapes them', async () => {
    open = await openConfig(dir, config(), liveSettings());
    const expected = await stableCount(prom, ['{__name__=~"go_.*"}', 'up']);
    const md = await open.hover('federate-e2e');
    assert.match(md, /of job `federate-e2e`, 2 selectors/);
    assert.deepEqual(seriesCounts(md), [expected.series], md);
    assert.match(md, /✅ fits: /);
  });

  it('a second hover on the same selector comes from the cache', async () => {
    open = await openConfig(dir, config(), liveSettings());
    const first = await open.hover('{__name__');
    const started = performance.now();
    const second = await open.hover('{__name__');
    const elapsed = performance.now() - started;
    assert.deepEqual(seriesCounts(second), seriesCounts(first));
    assert.ok(elapsed < 500, `cached hover took ${elapsed.toFixed(1)} ms`);
  });

  it('says when sample_limit is exceeded, and the live diagnostic warns with series per selector', async () => {
    open = await openConfig(dir, config('    sample_limit: 5'), liveSettings({ diagnostics: true }));
    const md = await open.hover('federate-e2e');
    assert.match(md, /❌ will fail: sample_limit exceeded/);
    const message = await open.client.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === open!.uri && m.params.diagnostics.some((d: any) => d.code === 'live-federation-limit'),
      20_000,
    );
    const d = message.params.diagnostics.find((x: any) => x.code === 'live-federation-limit');
    assert.equal(d.severity, 2);
    assert.match(d.message, /would fail: sample_limit at \d+ %/);
    assert.match(d.codeDescription.href, /live-federation-limit\.md$/);
    assert.equal(d.range.start.line, 3);
    const go = await stableCount(prom, ['{__name__=~"go_.*"}']);
    const up = await stableCount(prom, ['up']);
    assert.deepEqual(d.data.seriesBySelector, [go.series, up.series]);
    assert.deepEqual(d.data.selectors, ['{__name__=~"go_.*"}', 'up']);
  });

  it('no live diagnostic while the job is comfortably within its budget', async () => {
    open = await openConfig(dir, config('    sample_limit: 100000'), liveSettings({ diagnostics: true }));
    // The live pass publishes once more for the same version when it is done, findings or not.
    const isPublish = (m: any) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === open!.uri && m.params.version === 1;
    await open.client.waitFor(() => open!.client.notifications.filter(isPublish).length >= 2, 20_000);
    const live = open.client.notifications.filter((m) => isPublish(m) && m.params.diagnostics.some((d: any) => d.code === 'live-federation-limit'));
    assert.equal(live.length, 0);
  });

  it('the preview request reports progress and returns the report, the markdown and the raw output', async () => {
    open = await openConfig(dir, config(), liveSettings(), { window: { workDoneProgress: true } });
    const expected = await stableCount(prom, ['{__name__=~"go_.*"}', 'up']);
    const result = await open.client.request('promfed/previewJob', { uri: open.uri, jobIndex: 0 }, 30_000);
    assert.equal(result.report.verdict, 'fits');
    assert.equal(result.report.total.series, expected.series);
    assert.deepEqual(result.report.bySelector.map((s: any) => s.selector), ['{__name__=~"go_.*"}', 'up']);
    assert.ok(result.report.bySelector[1].series >= 1);
    assert.ok(result.report.topMetrics.length > 0);
    assert.match(result.markdown, /^# \/federate preview: federate-e2e/);
    assert.equal(countSamples(result.output.split('\n').filter((l: string) => !l.startsWith('# promfed')).join('\n')).series, expected.series);
    assert.equal(result.outputTruncated, false);
    const progress = open.client.notifications.filter((m) => m.method === '$/progress').map((m) => m.params.value.kind);
    assert.equal(progress[0], 'begin');
    assert.ok(progress.includes('report'));
    assert.equal(progress[progress.length - 1], 'end');
  });

  it('workspace/executeCommand promfed.previewJob answers the same, and the output is capped by live.maxBytes', async () => {
    open = await openConfig(dir, config(), liveSettings({ maxBytes: 2048 }));
    const init = await open.client.request('workspace/executeCommand', { command: 'promfed.previewJob', arguments: [{ uri: open.uri, jobIndex: 0, perSelector: false }] }, 30_000);
    assert.equal(init.report.bySelector, undefined);
    assert.equal(init.outputTruncated, true);
    assert.ok(Buffer.byteLength(init.output) < 2048 + 300, `output ${Buffer.byteLength(init.output)} bytes`);
    assert.equal(init.report.verdict, 'unknown');
    assert.match(init.report.headline, /promfed\.live\.maxBytes/);
  });

  it('offers a code lens on each federation job', async () => {
    open = await openConfig(dir, config(), liveSettings());
    const lenses = await open.client.request('textDocument/codeLens', { textDocument: { uri: open.uri } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command.command, 'promfed.previewJob');
    assert.deepEqual(lenses[0].command.arguments, [{ uri: open.uri, jobIndex: 0 }]);
  });

  it('completes metric names, label names and label values from the target', async () => {
    open = await openConfig(dir, config('', [`'go_gorout'`, `'up{'`, `'up{job="prom'`]), liveSettings());
    const complete = async (needle: string, delta: number) =>
      ((await open!.client.request('textDocument/completion', { textDocument: { uri: open!.uri }, position: open!.at(needle, delta) })) as any[]).map((i) => i.label);
    assert.ok((await complete(`'go_gorout'`, 10)).includes('go_goroutines'));
    const names = await complete(`'up{'`, 4);
    assert.ok(names.includes('job') && names.includes('instance'), names.join(','));
    assert.ok(!names.includes('metrics_path'), 'no YAML keys inside a selector');
    const values = await complete(`'up{job="prom'`, 13);
    assert.ok(values.includes('prometheus'), values.join(','));
  });
});
