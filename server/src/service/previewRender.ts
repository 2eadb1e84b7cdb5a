/**
 * Live /federate preview, step 3 of 3 (render; pure): measured results against the job's timeout and limits,
 * as a report model (for the report view and the live diagnostic) and as hover / report Markdown.
 */
import type { ExpositionSummary } from '../federate/exposition';
import type { FederateResult } from '../federate/types';
import type { LimitCheck, PreviewReport, SelectorOutcome, TargetOutcome, Verdict } from '../protocol';
import type { JobPlan, LimitValue, PreviewTarget } from './preview';

/** Measured share of a limit from which the verdict says "close". */
export const CLOSE_RATIO = 0.8;

export interface TargetFetch {
  readonly target: PreviewTarget;
  readonly result: FederateResult;
}

export interface ReportInput {
  readonly plan: JobPlan;
  readonly focus: 'job' | 'selector';
  readonly selectors: readonly string[];
  readonly fetches: readonly TargetFetch[];
  /** Per selector, the results of fetching it alone from each target. */
  readonly bySelector?: readonly { readonly selector: string; readonly results: readonly FederateResult[] }[];
  /** The preview's cap on uncompressed bytes (promfed.live.maxBytes). */
  readonly maxBytes: number;
  readonly now: number;
  readonly topN?: number;
}

const RANK: Record<Verdict, number> = { fits: 0, unknown: 1, close: 2, fail: 3 };

function worst(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'fits');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`;
}

/** "0.42 s", "4.2 s", "10 s". */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number(s.toFixed(s < 1 ? 2 : 1))} s`;
}

/** "3 s", "4 min 50 s", "2 h 5 min", "3 d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
  return `${Math.floor(s / 86_400)} d`;
}

function formatMeasure(value: number, unit: LimitCheck['unit']): string {
  switch (unit) {
    case 'ms':
      return formatSeconds(value);
    case 'bytes':
      return formatBytes(value);
    default:
      return formatCount(value);
  }
}

function statusOf(measured: number, limit: number): LimitCheck['status'] {
  if (measured > limit) return 'over';
  return measured > limit * CLOSE_RATIO ? 'close' : 'ok';
}

function limitCheck(name: string, limit: LimitValue | undefined, measured: number, unit: LimitCheck['unit']): LimitCheck | undefined {
  return limit ? { name, limit: limit.value, measured, unit, source: limit.source, status: statusOf(measured, limit.value) } : undefined;
}

/** The checks of one fetch against the job's timeout and limits. */
export function checksOf(plan: JobPlan, result: FederateResult, maxBytes: number): LimitCheck[] {
  const s = result.summary;
  const checks: LimitCheck[] = [];
  const timedOut = result.errorKind === 'timeout';
  // A deadline shorter than scrape_timeout (promfed.live.timeoutMs) cannot tell whether the real scrape would finish.
  const timeStatus = timedOut ? (plan.timeoutMs >= plan.scrapeTimeoutMs ? 'over' : 'unknown') : statusOf(result.durationMs, plan.scrapeTimeoutMs);
  checks.push({ name: 'scrape_timeout', limit: plan.scrapeTimeoutMs, measured: result.durationMs, unit: 'ms', source: 'job', status: timeStatus });
  if (s) {
    const body = limitCheck('body_size_limit', plan.limits.bodySizeLimit, result.bytesUncompressed, 'bytes');
    // Cut at our own cap below the limit: the real body may or may not fit.
    if (body) checks.push(result.errorKind === 'too-large' && body.status !== 'over' && maxBytes < body.limit ? { ...body, status: 'unknown' } : body);
    const partial = !result.ok && (result.errorKind === 'too-large' || result.errorKind === 'timeout');
    for (const c of [
      limitCheck('sample_limit', plan.limits.sampleLimit, s.series, 'series'),
      limitCheck('label_limit', plan.limits.labelLimit, s.maxLabelsPerSeries, 'labels'),
      limitCheck('label_name_length_limit', plan.limits.labelNameLengthLimit, s.maxLabelNameLength, 'chars'),
      limitCheck('label_value_length_limit', plan.limits.labelValueLengthLimit, s.maxLabelValueLength, 'chars'),
    ]) {
      if (c) checks.push(partial && c.status !== 'over' ? { ...c, status: 'unknown' } : c);
    }
  }
  return checks;
}

const CHECK_WORDS: Record<string, string> = {
  scrape_timeout: 'the timeout',
  body_size_limit: 'body_size_limit',
  sample_limit: 'sample_limit',
  label_limit: 'label_limit',
  label_name_length_limit: 'label_name_length_limit',
  label_value_length_limit: 'label_value_length_limit',
};

function checkSentence(c: LimitCheck): string {
  const of = `${formatMeasure(c.measured, c.unit)} of ${formatMeasure(c.limit, c.unit)}`;
  switch (c.status) {
    case 'over':
      return c.name === 'scrape_timeout' ? `does not finish within scrape_timeout (${formatSeconds(c.limit)})` : `${c.name} exceeded (${of})`;
    case 'close':
      return `close to ${CHECK_WORDS[c.name] ?? c.name} (${of})`;
    case 'unknown':
      return c.name === 'scrape_timeout' ? `no answer within promfed.live.timeoutMs, shorter than scrape_timeout (${formatSeconds(c.limit)})` : `${c.name} unknown: the preview stopped at promfed.live.maxBytes`;
    default:
      return `${c.name}: ${of}`;
  }
}

function ageOf(ts: number | null | undefined, now: number): number | undefined {
  return ts === null || ts === undefined ? undefined : Math.max(0, now - ts);
}

/** One target's outcome with its verdict. */
export function targetOutcome(plan: JobPlan, fetch: TargetFetch, maxBytes: number, now: number): TargetOutcome {
  const { result, target } = fetch;
  const s: ExpositionSummary | undefined = result.summary;
  const checks = checksOf(plan, result, maxBytes);
  const reasons: string[] = [];
  let verdict: Verdict = 'fits';
  for (const c of checks) {
    if (c.status === 'over') verdict = worst([verdict, 'fail']);
    else if (c.status === 'close') verdict = worst([verdict, 'close']);
    else if (c.status === 'unknown') verdict = worst([verdict, 'unknown']);
    if (c.status !== 'ok') reasons.push(checkSentence(c));
  }
  if (!result.ok) {
    switch (result.errorKind) {
      case 'aborted':
        verdict = worst([verdict, 'unknown']);
        reasons.push('cancelled');
        break;
      case 'too-large':
        if (verdict !== 'fail') {
          verdict = worst([verdict, 'unknown']);
          reasons.push(`larger than promfed.live.maxBytes (${formatBytes(maxBytes)}); the preview stopped reading there`);
        }
        break;
      case 'timeout':
        // The timeout check said whether the real scrape would fail; the client's sentence says how it ended.
        reasons.splice(0, reasons.length, result.message, ...reasons.filter((r) => !r.startsWith('does not finish')));
        break;
      default:
        verdict = 'fail';
        reasons.unshift(result.message);
    }
  }
  const newest = ageOf(s?.maxTimestampMs, now);
  const oldest = ageOf(s?.minTimestampMs, now);
  return {
    target: target.address,
    source: target.source,
    url: result.url,
    ok: result.ok,
    ...(result.status !== undefined ? { status: result.status } : {}),
    ...(result.statusText ? { statusText: result.statusText } : {}),
    ...(result.errorKind ? { errorKind: result.errorKind } : {}),
    message: result.message,
    series: s?.series ?? 0,
    metricNames: s?.metricNames ?? 0,
    bytesOnWire: result.bytesOnWire,
    bytesUncompressed: result.bytesUncompressed,
    durationMs: Math.round(result.durationMs),
    credentialsDropped: result.credentialsDropped,
    ...(newest !== undefined ? { newestSampleAgeMs: newest } : {}),
    ...(oldest !== undefined ? { oldestSampleAgeMs: oldest } : {}),
    maxLabelsPerSeries: s?.maxLabelsPerSeries ?? 0,
    checks,
    verdict,
    reasons,
  };
}

function headlineOf(verdict: Verdict, targets: readonly TargetOutcome[], plan: JobPlan, blocked?: string): string {
  if (blocked) return `not fetched: ${blocked}`;
  const reasons = targets.flatMap((t) => t.reasons.map((r) => (targets.length > 1 ? `${t.target}: ${r}` : r)));
  const slowest = targets.reduce((m, t) => Math.max(m, t.durationMs), 0);
  const series = targets.reduce((n, t) => n + t.series, 0);
  switch (verdict) {
    case 'fail':
      return `will fail: ${reasons.filter((_, i) => i < 2).join('; ')}`;
    case 'close':
      return `fits, but ${reasons.filter((_, i) => i < 2).join('; ')}`;
    case 'unknown':
      return `cannot tell: ${reasons.filter((_, i) => i < 2).join('; ')}`;
    default:
      return `fits: ${formatCount(series)} series in ${formatSeconds(slowest)} of ${formatSeconds(plan.scrapeTimeoutMs)}`;
  }
}

/** Builds the report model from the plan and the results. */
export function buildReport(input: ReportInput): PreviewReport {
  const { plan } = input;
  const targets = input.fetches.map((f) => targetOutcome(plan, f, input.maxBytes, input.now));
  const counts = new Map<string, number>();
  for (const f of input.fetches) for (const [name, n] of Object.entries(f.result.summary?.seriesByMetric ?? {})) counts.set(name, (counts.get(name) ?? 0) + n);
  const topMetrics = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, input.topN ?? 20)
    .map(([name, series]) => ({ name, series }));
  const bySelector: SelectorOutcome[] | undefined = input.bySelector?.map((s) => ({
    selector: s.selector,
    series: s.results.reduce((n, r) => n + (r.summary?.series ?? 0), 0),
    ok: s.results.every((r) => r.ok),
    message: s.results.find((r) => !r.ok)?.message ?? s.results[0]?.message ?? '',
  }));
  const firstOk = input.fetches.find((f) => f.result.summary && f.result.summary.preview.length > 0);
  const verdict: Verdict = plan.blocked ? 'unknown' : targets.length ? worst(targets.map((t) => t.verdict)) : 'unknown';
  return {
    jobName: plan.jobName,
    jobIndex: plan.jobIndex,
    focus: input.focus,
    selectors: input.selectors,
    scrapeTimeoutMs: plan.scrapeTimeoutMs,
    timeoutMs: plan.timeoutMs,
    targets,
    total: {
      series: targets.reduce((n, t) => n + t.series, 0),
      metricNames: counts.size,
      bytesOnWire: targets.reduce((n, t) => n + t.bytesOnWire, 0),
      bytesUncompressed: targets.reduce((n, t) => n + t.bytesUncompressed, 0),
    },
    topMetrics,
    ...(bySelector ? { bySelector } : {}),
    previewLines: firstOk?.result.summary?.preview ?? [],
    verdict,
    headline: headlineOf(verdict, targets, plan, plan.blocked),
    notes: plan.notes,
    ...(plan.blocked ? { blocked: plan.blocked } : {}),
    measuredAt: input.now,
  };
}

// ---- Markdown ----

function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  const fence = clean.includes('`') ? '`` ' : '`';
  return `${fence}${clean}${fence.split('').reverse().join('')}`;
}

/** Text from a server (error bodies, messages) as inert Markdown: no links, images, HTML or emphasis. */
export function escapeMarkdown(text: string): string {
  // The characters that open links, images, HTML, code or emphasis; `_` inside words is inert in CommonMark.
  return text.replace(/[\\`*[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

const ICON: Record<Verdict, string> = { fits: '✅', close: '⚠️', fail: '❌', unknown: '❔' };

function statusText(t: TargetOutcome): string {
  if (t.status === undefined) return t.errorKind ?? 'no answer';
  return `${t.status}${t.statusText ? ` ${t.statusText}` : ''}`;
}

function sizeText(t: { bytesOnWire: number; bytesUncompressed: number }): string {
  return t.bytesOnWire !== t.bytesUncompressed ? `${formatBytes(t.bytesUncompressed)} (${formatBytes(t.bytesOnWire)} on the wire)` : formatBytes(t.bytesUncompressed);
}

function targetLines(report: PreviewReport, t: TargetOutcome): string[] {
  const lines: string[] = [];
  // The status is already in bold: the sentence after it starts where the client's repeats it.
  const sentence = t.message.replace(/^\d{3}[^:]*: /, '');
  lines.push(`${code(t.url)}${t.source === 'setting' ? ' (from promfed.live.targets)' : ''}: **${escapeMarkdown(statusText(t))}**${t.ok ? '' : ` — ${escapeMarkdown(sentence)}`}`);
  if (t.ok || t.series > 0) {
    lines.push(`- **${formatCount(t.series)} series**, ${formatCount(t.metricNames)} metric names, ${sizeText(t)}`);
  } else if (t.bytesUncompressed > 0) {
    lines.push(`- ${sizeText(t)} read`);
  }
  if (t.status !== undefined || t.errorKind === 'timeout') lines.push(`- answered in **${formatSeconds(t.durationMs)} of ${formatSeconds(report.scrapeTimeoutMs)}** (scrape_timeout)`);
  const limits = t.checks.filter((c) => c.name !== 'scrape_timeout').map((c) => `${c.name} ${formatMeasure(c.measured, c.unit)} of ${formatMeasure(c.limit, c.unit)}${c.status === 'ok' ? '' : ` (${c.status})`}`);
  if (limits.length) lines.push(`- ${limits.join(' · ')}`);
  if (t.newestSampleAgeMs !== undefined && t.oldestSampleAgeMs !== undefined) {
    lines.push(`- samples: newest ${formatAge(t.newestSampleAgeMs)} old, oldest ${formatAge(t.oldestSampleAgeMs)} old`);
  }
  if (t.credentialsDropped) lines.push('- a redirect led to another host: the credentials were not sent there');
  return lines;
}

function topLine(report: PreviewReport, n: number): string | undefined {
  if (!report.topMetrics.length) return undefined;
  const shown = report.topMetrics.slice(0, n).map((m) => `${code(m.name)} ${formatCount(m.series)}`);
  const more = report.total.metricNames > n ? `, … (${formatCount(report.total.metricNames)} names)` : '';
  return `Top metric names by series: ${shown.join(', ')}${more}`;
}

/** The live section of a hover. */
export function renderPreviewHover(report: PreviewReport, options: { readonly previewLines?: number; readonly topN?: number } = {}): string {
  const what = report.focus === 'selector' ? `selector ${code(report.selectors[0] ?? '')}` : `job ${code(report.jobName)}, ${report.selectors.length} selector${report.selectors.length === 1 ? '' : 's'} as Prometheus scrapes them`;
  const out: string[] = [`**Live /federate preview** of ${what}`, '', `${ICON[report.verdict]} ${escapeMarkdown(report.headline)}`];
  if (report.blocked) return out.join('\n');
  for (const t of report.targets) out.push('', ...targetLines(report, t));
  if (report.targets.length > 1) {
    out.push('', `**Sum over ${report.targets.length} targets:** ${formatCount(report.total.series)} series, ${formatCount(report.total.metricNames)} metric names, ${sizeText(report.total)}`);
  }
  const top = topLine(report, options.topN ?? 5);
  if (top) out.push('', top);
  const lines = report.previewLines.slice(0, options.previewLines ?? 6);
  if (lines.length) out.push('', '```text', ...lines.map((l) => l.replace(/```/g, '`‌``')), '```');
  if (report.notes.length) out.push('', ...report.notes.map((n) => `*Note:* ${escapeMarkdown(n)}`));
  return out.join('\n');
}

/** The whole report as Markdown (the preview command's answer for editors without a report view). */
export function renderReportMarkdown(report: PreviewReport): string {
  const out: string[] = [`# /federate preview: ${escapeMarkdown(report.jobName)}`, '', `${ICON[report.verdict]} **${escapeMarkdown(report.headline)}**`, ''];
  if (report.blocked) return out.join('\n');
  out.push('| target | status | series | metric names | size | time |', '|---|---|---:|---:|---|---|');
  for (const t of report.targets) {
    out.push(`| ${cell(t.target)} | ${cell(statusText(t))} | ${formatCount(t.series)} | ${formatCount(t.metricNames)} | ${sizeText(t)} | ${formatSeconds(t.durationMs)} of ${formatSeconds(report.scrapeTimeoutMs)} |`);
  }
  for (const t of report.targets) for (const r of t.reasons) out.push('', `- ${cell(t.target)}: ${escapeMarkdown(r)}`);
  if (report.bySelector?.length) {
    out.push('', '## Series per selector', '', '| selector | series |', '|---|---:|');
    for (const s of report.bySelector) out.push(`| ${code(cell(s.selector))} | ${s.ok ? formatCount(s.series) : escapeMarkdown(s.message)} |`);
  }
  if (report.topMetrics.length) {
    out.push('', '## Series per metric name', '', '| metric | series |', '|---|---:|');
    for (const m of report.topMetrics) out.push(`| ${code(m.name)} | ${formatCount(m.series)} |`);
  }
  if (report.notes.length) out.push('', ...report.notes.map((n) => `*Note:* ${escapeMarkdown(n)}`));
  return out.join('\n');
}
