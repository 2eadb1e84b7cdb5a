/**
 * The report view of a /federate preview as one HTML page: verdict, per-target table, limits as gauges, and
 * inline SVG bar charts of series per metric name and per selector. Pure (no vscode import), so the README
 * screenshot script renders exactly what the webview shows. No scripts; every value from the server is escaped.
 */
import type { LimitCheck, PreviewReport, TargetOutcome, Verdict } from '../../server/src/protocol';

export interface ReportHtmlOptions {
  /** The webview's `cspSource`, for the Content-Security-Policy; omitted outside VS Code. */
  readonly cspSource?: string;
  /** A `command:` URI that opens the raw output; shown as a link under the verdict. */
  readonly outputLink?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number(v.toFixed(v < 10 ? 1 : 0))} ${units[u]}`;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number(s.toFixed(s < 1 ? 2 : 1))} s`;
}

function measure(value: number, unit: LimitCheck['unit']): string {
  return unit === 'ms' ? seconds(value) : unit === 'bytes' ? bytes(value) : count(value);
}

const VERDICT_TITLE: Record<Verdict, string> = { fits: 'Fits', close: 'Close to a limit', fail: 'Will fail', unknown: 'Cannot tell' };

/** A horizontal bar chart: one row per item, label left, bar and value right. */
export function barChart(title: string, rows: readonly { label: string; value: number }[], options: { width?: number; maxRows?: number } = {}): string {
  const shown = rows.slice(0, options.maxRows ?? 20);
  if (!shown.length) return '';
  const width = options.width ?? 720;
  // Monospace at 12px is about 7.3px a character; long names are cut in the middle to fit the label column.
  const charWidth = 7.4;
  const labelWidth = Math.min(380, Math.max(120, Math.max(...shown.map((r) => r.label.length)) * charWidth + 12));
  const maxChars = Math.floor((labelWidth - 12) / charWidth);
  const valueWidth = 70;
  const barMax = width - labelWidth - valueWidth;
  const rowHeight = 22;
  const max = Math.max(1, ...shown.map((r) => r.value));
  const height = shown.length * rowHeight + 4;
  const bars = shown
    .map((r, i) => {
      const y = i * rowHeight + 2;
      const w = Math.max(1, Math.round((r.value / max) * barMax));
      const label = r.label.length > maxChars ? `${r.label.slice(0, Math.ceil(maxChars / 2) - 1)}…${r.label.slice(r.label.length - Math.floor(maxChars / 2))}` : r.label;
      return (
        `<g><title>${escapeHtml(r.label)}: ${count(r.value)} series</title>` +
        `<text class="label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text>` +
        `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 6}" rx="2"/>` +
        `<text class="value" x="${labelWidth + w + 6}" y="${y + 15}">${count(r.value)}</text></g>`
      );
    })
    .join('');
  const more = rows.length > shown.length ? `<p class="muted">${rows.length - shown.length} more not shown</p>` : '';
  return `<section><h2>${escapeHtml(title)}</h2><svg class="chart" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars}</svg>${more}</section>`;
}

function gauge(c: LimitCheck): string {
  const ratio = c.limit > 0 ? c.measured / c.limit : 0;
  const pct = Math.min(100, Math.round(ratio * 100));
  return (
    `<tr class="${c.status}"><td><code>${escapeHtml(c.name)}</code></td>` +
    `<td class="num">${measure(c.measured, c.unit)} of ${measure(c.limit, c.unit)}</td>` +
    `<td><svg class="gauge" width="200" height="12" viewBox="0 0 200 12"><rect class="track" width="200" height="12" rx="3"/>` +
    `<rect class="fill ${c.status}" width="${pct * 2}" height="12" rx="3"/><line class="mark" x1="160" x2="160" y1="0" y2="12"/></svg></td>` +
    `<td class="status">${c.status === 'ok' ? `${Math.round(ratio * 100)} %` : escapeHtml(c.status === 'over' ? 'over' : c.status === 'close' ? `${Math.round(ratio * 100)} %, close` : 'unknown')}</td></tr>`
  );
}

function targetSection(report: PreviewReport, t: TargetOutcome): string {
  const status = t.status !== undefined ? `${t.status} ${t.statusText ?? ''}` : (t.errorKind ?? 'no answer');
  const facts = [
    `<b>${escapeHtml(status.trim())}</b>`,
    `${count(t.series)} series`,
    `${count(t.metricNames)} metric names`,
    t.bytesOnWire !== t.bytesUncompressed ? `${bytes(t.bytesUncompressed)} (${bytes(t.bytesOnWire)} on the wire)` : bytes(t.bytesUncompressed),
    `${seconds(t.durationMs)} of ${seconds(report.scrapeTimeoutMs)}`,
  ];
  if (t.newestSampleAgeMs !== undefined && t.oldestSampleAgeMs !== undefined) facts.push(`samples ${seconds(t.newestSampleAgeMs)} to ${seconds(t.oldestSampleAgeMs)} old`);
  const reasons = t.reasons.length ? `<ul class="reasons">${t.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : '';
  const dropped = t.credentialsDropped ? '<p class="muted">A redirect led to another host: the credentials were not sent there.</p>' : '';
  return (
    `<section class="target"><h3><span class="dot ${t.verdict}"></span><code>${escapeHtml(t.url)}</code>${t.source === 'setting' ? ' <span class="muted">(promfed.live.targets)</span>' : ''}</h3>` +
    `<p>${facts.join(' · ')}</p>${reasons}${dropped}` +
    (t.checks.length ? `<table class="limits">${t.checks.map(gauge).join('')}</table>` : '') +
    `</section>`
  );
}

const STYLE = `
:root { color-scheme: light dark; }
body { font-family: var(--vscode-font-family, -apple-system, "Segoe UI", Ubuntu, sans-serif); font-size: var(--vscode-font-size, 13px);
  color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); margin: 0; padding: 16px 24px; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 1.1em; margin: 20px 0 8px; font-weight: 600; }
h3 { font-size: 1em; margin: 0 0 4px; font-weight: 600; display: flex; align-items: center; gap: 8px; }
code, pre { font-family: var(--vscode-editor-font-family, "SFMono-Regular", Menlo, Consolas, monospace); }
.muted { color: var(--vscode-descriptionForeground, #656d76); }
.verdict { border-radius: 6px; padding: 12px 16px; margin: 12px 0 16px; border-left: 6px solid; background: var(--vscode-textBlockQuote-background, #f6f8fa); }
.verdict .title { font-size: 1.25em; font-weight: 700; }
.verdict.fits { border-color: #2da44e; } .verdict.close { border-color: #d4a72c; } .verdict.fail { border-color: #cf222e; } .verdict.unknown { border-color: #8c959f; }
.dot { width: 10px; height: 10px; border-radius: 50%; display: inline-block; flex: none; }
.dot.fits, .fill.ok { background: #2da44e; fill: #2da44e; } .dot.close, .fill.close { background: #d4a72c; fill: #d4a72c; }
.dot.fail, .fill.over { background: #cf222e; fill: #cf222e; } .dot.unknown, .fill.unknown { background: #8c959f; fill: #8c959f; }
.target { border: 1px solid var(--vscode-panel-border, #d0d7de); border-radius: 6px; padding: 10px 14px; margin: 8px 0; }
.target p { margin: 2px 0 6px; }
table.limits { border-collapse: collapse; margin-top: 4px; }
table.limits td { padding: 2px 10px 2px 0; vertical-align: middle; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.over td.status { color: #cf222e; font-weight: 600; } tr.close td.status { color: #9a6700; font-weight: 600; }
.gauge .track { fill: var(--vscode-editorWidget-border, #eaeef2); } .gauge .mark { stroke: var(--vscode-foreground, #1f2328); stroke-opacity: .35; stroke-dasharray: 2 2; }
.chart .bar { fill: var(--vscode-charts-blue, #0969da); } .chart text { fill: var(--vscode-foreground, #1f2328); font-size: 12px; }
.chart .label { font-family: var(--vscode-editor-font-family, Menlo, Consolas, monospace); }
.chart .value { fill: var(--vscode-descriptionForeground, #656d76); font-variant-numeric: tabular-nums; }
.totals { display: flex; gap: 28px; margin: 8px 0; flex-wrap: wrap; }
.totals div b { display: block; font-size: 1.35em; }
pre { background: var(--vscode-textCodeBlock-background, #f6f8fa); padding: 8px 12px; border-radius: 6px; overflow-x: auto; font-size: 12px; }
ul.reasons { margin: 4px 0 6px 18px; padding: 0; }
.notes li { color: var(--vscode-descriptionForeground, #656d76); }
`;

/** The whole report page. */
export function renderReportHtml(report: PreviewReport, options: ReportHtmlOptions = {}): string {
  const csp = options.cspSource !== undefined ? `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline' ${options.cspSource}; img-src ${options.cspSource} data:;">` : '';
  const when = new Date(report.measuredAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const parts: string[] = [];
  parts.push(`<h1>/federate preview: <code>${escapeHtml(report.jobName)}</code></h1>`);
  parts.push(`<div class="muted">${report.selectors.length} selector${report.selectors.length === 1 ? '' : 's'} · scrape_timeout ${seconds(report.scrapeTimeoutMs)}${report.timeoutMs < report.scrapeTimeoutMs ? ` (preview deadline ${seconds(report.timeoutMs)})` : ''} · measured ${escapeHtml(when)}</div>`);
  parts.push(`<div class="verdict ${report.verdict}"><div class="title">${VERDICT_TITLE[report.verdict]}</div><div>${escapeHtml(report.headline)}</div></div>`);
  if (options.outputLink) parts.push(`<p><a href="${escapeHtml(options.outputLink)}">Open the raw /federate output</a></p>`);
  if (!report.blocked) {
    parts.push(
      `<div class="totals"><div><b>${count(report.total.series)}</b>series</div><div><b>${count(report.total.metricNames)}</b>metric names</div>` +
        `<div><b>${bytes(report.total.bytesUncompressed)}</b>uncompressed</div><div><b>${bytes(report.total.bytesOnWire)}</b>on the wire</div>` +
        `<div><b>${report.targets.length}</b>target${report.targets.length === 1 ? '' : 's'}</div></div>`,
    );
    parts.push(`<h2>Targets</h2>${report.targets.map((t) => targetSection(report, t)).join('')}`);
    if (report.bySelector?.length) {
      parts.push(barChart('Series per selector', report.bySelector.map((s) => ({ label: s.selector, value: s.series }))));
    }
    parts.push(barChart('Series per metric name', report.topMetrics.map((m) => ({ label: m.name, value: m.series }))));
    if (report.previewLines.length) parts.push(`<h2>First lines</h2><pre>${report.previewLines.slice(0, 12).map(escapeHtml).join('\n')}</pre>`);
  }
  if (report.notes.length) parts.push(`<h2>Notes</h2><ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${csp}<meta name="viewport" content="width=device-width, initial-scale=1"><title>/federate preview: ${escapeHtml(report.jobName)}</title><style>${STYLE}</style></head><body>${parts.join('\n')}</body></html>`;
}
