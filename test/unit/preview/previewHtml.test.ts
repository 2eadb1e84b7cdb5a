/** The report view's HTML (client/src/previewHtml.ts) and the hover's Markdown treat server text as data. */
import * as assert from 'node:assert/strict';
import { barChart, renderReportHtml } from '../../../client/src/previewHtml';
import type { PreviewReport } from '../../../server/src/protocol';
import { escapeMarkdown } from '../../../server/src/service/previewRender';

const EVIL = '<img src=x onerror=alert(1)>';

const report: PreviewReport = {
  jobName: `fed ${EVIL}`,
  jobIndex: 0,
  focus: 'job',
  selectors: ['up', '{job="node"}'],
  scrapeTimeoutMs: 10_000,
  timeoutMs: 10_000,
  targets: [
    {
      target: 'a:9090', source: 'static', url: 'http://a:9090/federate', ok: false, status: 400, statusText: 'Bad Request', errorKind: 'http',
      message: `400 Bad Request: ${EVIL}`, series: 0, metricNames: 0, bytesOnWire: 10, bytesUncompressed: 10, durationMs: 12, credentialsDropped: true,
      maxLabelsPerSeries: 0, checks: [{ name: 'sample_limit', limit: 100, measured: 90, unit: 'series', source: 'job', status: 'close' }], verdict: 'fail', reasons: [EVIL],
    },
  ],
  total: { series: 3, metricNames: 2, bytesOnWire: 10, bytesUncompressed: 10 },
  topMetrics: [{ name: 'up', series: 2 }, { name: EVIL, series: 1 }],
  bySelector: [{ selector: 'up', series: 2, ok: true, message: '' }, { selector: '{job="node"}', series: 1, ok: true, message: '' }],
  previewLines: [`# ${EVIL}`],
  verdict: 'fail',
  headline: `will fail: ${EVIL}`,
  notes: [],
  measuredAt: 0,
};

describe('preview: report HTML and Markdown escaping', () => {
  it('escapes every server-provided string, has no script, and a CSP inside VS Code', () => {
    const html = renderReportHtml(report, { cspSource: 'vscode-resource:', outputLink: 'command:promfed.openPreviewOutput?x' });
    assert.ok(!html.includes('<img'), 'no raw HTML from the server');
    assert.ok(!/<script/i.test(html));
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /Will fail/);
    assert.match(html, /credentials were not sent there/);
    assert.match(html, /Series per selector/);
    assert.match(html, /href="command:promfed\.openPreviewOutput\?x"/);
  });

  it('draws one bar per row, scaled to the largest', () => {
    const svg = barChart('t', [{ label: 'a', value: 10 }, { label: 'b', value: 5 }], { width: 400 });
    const widths = [...svg.matchAll(/<rect class="bar"[^>]* width="(\d+)"/g)].map((m) => Number(m[1]));
    assert.equal(widths.length, 2);
    assert.equal(widths[0], 2 * widths[1]);
    assert.equal(barChart('t', []), '');
  });

  it('Markdown from a server cannot make links, images or HTML', () => {
    assert.equal(escapeMarkdown('![x](http://evil/) <b>`c`</b> *e*'), '!\\[x\\](http://evil/) \\<b\\>\\`c\\`\\</b\\> \\*e\\*');
  });
});
