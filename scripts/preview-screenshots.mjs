// Renders the README screenshots of the live preview against a real Prometheus on loopback:
// docs/images/preview-report.png (the report view's HTML, exactly as the webview renders it) and
// docs/images/preview-hover.png (a hover's Markdown in a hover-like frame). Needs `node esbuild.mjs`,
// `npm run compile-tests`, /usr/bin/prometheus and /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startPrometheus, plainGet, independentUrl, tempDir } = require('../out/test/e2e/federate/helpers.js');
const { openConfig, liveSettings } = require('../out/test/e2e/preview/lsp.js');
const { renderReportHtml, escapeHtml } = require('../out/client/src/previewHtml.js');

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const out = path.resolve('docs/images');

const prom = await startPrometheus({}, async (base) => {
  if ((await plainGet(`${base}/-/ready`)).status !== 200) return false;
  return (await plainGet(independentUrl(base, ['{__name__=~"prometheus_tsdb_.*"}']))).body.includes('prometheus_tsdb_head_series');
});
const dir = tempDir('shots');
let open;
try {
  // A sample_limit the job uses ~87 % of, so the report shows a "close" verdict and its gauge.
  const selectors = ['{__name__=~"prometheus_http_.*"}', '{__name__=~"go_.*"}', '{__name__=~"prometheus_tsdb_.*"}', 'up'];
  const series = (await plainGet(independentUrl(prom.base, selectors))).body.split('\n').filter((l) => l && !l.startsWith('#')).length;
  const sampleLimit = Math.ceil(series / 0.87 / 10) * 10;
  const config = [
    'global:',
    '  scrape_interval: 15s',
    '  scrape_timeout: 10s',
    'scrape_configs:',
    '  - job_name: federate-eu',
    '    honor_labels: true',
    '    metrics_path: /federate',
    `    sample_limit: ${sampleLimit}`,
    '    body_size_limit: 1MB',
    '    params:',
    "      'match[]':",
    "        - '{__name__=~\"prometheus_http_.*\"}'",
    "        - '{__name__=~\"go_.*\"}'",
    "        - '{__name__=~\"prometheus_tsdb_.*\"}'",
    "        - 'up'",
    '    static_configs:',
    `      - targets: ['127.0.0.1:${prom.port}']`,
    '',
  ].join('\n');
  open = await openConfig(dir, config, liveSettings());
  const result = await open.client.request('promfed/previewJob', { uri: open.uri, jobIndex: 0 }, 60_000);
  const html = renderReportHtml(result.report, { outputLink: '#' });
  fs.writeFileSync(path.join(dir, 'report.html'), html);
  shoot(path.join(dir, 'report.html'), path.join(out, 'preview-report.png'), '900,1500');

  const hover = await open.client.request('textDocument/hover', { textDocument: { uri: open.uri }, position: open.at('go_.*', 2) }, 30_000);
  fs.writeFileSync(path.join(dir, 'hover.html'), hoverPage(config, hover.contents.value));
  shoot(path.join(dir, 'hover.html'), path.join(out, 'preview-hover.png'), '900,450');
  console.log(`verdict ${result.report.verdict}: ${result.report.headline}`);
} finally {
  await open?.client.shutdown();
  await prom.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

function shoot(page, png, size) {
  execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--screenshot=${png}`, `--window-size=${size}`, `file://${page}`], { stdio: 'pipe' });
  console.log(`wrote ${path.relative(process.cwd(), png)}`);
}

/** The small Markdown subset hovers use: headings-free paragraphs, bold, code spans, lists, fences, rules. */
function markdown(md) {
  // Headless chromium here has no emoji font: the verdict icons become coloured dots.
  const icons = { '✅': '#2da44e', '⚠️': '#d4a72c', '❌': '#cf222e', '❔': '#8c959f' };
  const inline = (t) => escapeHtml(t).replace(/✅|⚠️|❌|❔/g, (i) => `<span style="color:${icons[i]}">●</span>`).replace(/``\s?(.+?)\s?``|`([^`]+)`/g, (_, a, b) => `<code>${a ?? b}</code>`).replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/\*(.+?)\*/g, '<i>$1</i>');
  const html = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) {
      const body = [];
      while (++i < lines.length && !lines[i].startsWith('```')) body.push(escapeHtml(lines[i]));
      html.push(`<pre>${body.join('\n')}</pre>`);
    } else if (line === '---') html.push('<hr>');
    else if (line.startsWith('- ')) {
      const items = [line];
      while (lines[i + 1]?.startsWith('- ')) items.push(lines[++i]);
      html.push(`<ul>${items.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`);
    } else if (line.trim()) html.push(`<p>${inline(line)}</p>`);
  }
  return html.join('\n');
}

function hoverPage(config, md) {
  const lines = config.split('\n').slice(4, 15).map((l) => escapeHtml(l)).join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #1e1e1e; font-family: "DejaVu Sans Mono", Menlo, monospace; }
.editor { color: #d4d4d4; font-size: 13px; line-height: 19px; padding: 12px 16px; white-space: pre; }
.hover { position: absolute; left: 120px; top: 60px; width: 700px; background: #252526; border: 1px solid #454545; border-radius: 3px;
  box-shadow: 0 2px 8px rgba(0,0,0,.6); color: #cccccc; font-family: -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; font-size: 13px; padding: 4px 10px; line-height: 1.4; }
.hover code, .hover pre { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
.hover code { color: #d7ba7d; } .hover pre { background: #1e1e1e; padding: 6px 8px; color: #9cdcfe; overflow: hidden; }
.hover hr { border: none; border-top: 1px solid #454545; } .hover ul { padding-left: 18px; margin: 4px 0; } .hover p { margin: 6px 0; }
</style></head><body><div class="editor">${lines}</div><div class="hover">${markdown(md)}</div></body></html>`;
}
