/**
 * promfed's own LSP extensions, declared once for the server and the VS Code client (which bundles this file).
 * Plain types and constants only: no import from vscode or vscode-languageserver.
 */

/** Custom request: preview a federation job. Params {@link PreviewJobParams}, result {@link PreviewJobResult}. */
export const PREVIEW_JOB_REQUEST = 'promfed/previewJob';

/**
 * The same as a `workspace/executeCommand` id (arguments: `[PreviewJobParams]`), for code lenses and editors
 * without custom requests. Returns the same {@link PreviewJobResult}.
 */
export const PREVIEW_JOB_COMMAND = 'promfed.previewJob';

/** URI scheme of the read-only document with a preview's raw exposition output (VS Code client). */
export const PREVIEW_SCHEME = 'promfed-preview';

export interface PreviewJobParams {
  readonly uri: string;
  /** Index of the job in `scrape_configs`; or give `position` to preview the job around it. */
  readonly jobIndex?: number;
  readonly position?: { readonly line: number; readonly character: number };
  /** Fetch each `match[]` selector on its own too, for the series-per-selector chart. Default true. */
  readonly perSelector?: boolean;
  /** LSP work-done progress token, when the client made one. */
  readonly workDoneToken?: string | number;
}

export type Verdict = 'fits' | 'close' | 'fail' | 'unknown';

/** One measured quantity against the job's limit for it. */
export interface LimitCheck {
  /** The config key: scrape_timeout, body_size_limit, sample_limit, label_limit, label_*_length_limit. */
  readonly name: string;
  readonly limit: number;
  readonly measured: number;
  readonly unit: 'ms' | 'bytes' | 'series' | 'labels' | 'chars';
  /** Where the limit comes from. */
  readonly source: 'job' | 'global' | 'default' | 'min-rule';
  /** ok: under 80 %; close: 80-100 %; over: the scrape fails; unknown: the preview stopped before it could tell. */
  readonly status: 'ok' | 'close' | 'over' | 'unknown';
}

export interface MetricSeries {
  readonly name: string;
  readonly series: number;
}

/** The fetch from one target. */
export interface TargetOutcome {
  readonly target: string;
  readonly source: 'static' | 'setting';
  /** Scheme, host and path; never credentials or the query. */
  readonly url: string;
  readonly ok: boolean;
  readonly status?: number;
  readonly statusText?: string;
  readonly errorKind?: string;
  /** A plain sentence, secrets redacted. */
  readonly message: string;
  readonly series: number;
  readonly metricNames: number;
  readonly bytesOnWire: number;
  readonly bytesUncompressed: number;
  readonly durationMs: number;
  readonly credentialsDropped: boolean;
  readonly newestSampleAgeMs?: number;
  readonly oldestSampleAgeMs?: number;
  readonly maxLabelsPerSeries: number;
  readonly checks: readonly LimitCheck[];
  readonly verdict: Verdict;
  /** Why the verdict, one sentence each. */
  readonly reasons: readonly string[];
}

export interface SelectorOutcome {
  readonly selector: string;
  /** Summed over the targets. */
  readonly series: number;
  readonly ok: boolean;
  readonly message: string;
}

/** What the report view shows: plain data, safe to send and to render anywhere. */
export interface PreviewReport {
  readonly jobName: string;
  readonly jobIndex: number;
  readonly focus: 'job' | 'selector';
  readonly selectors: readonly string[];
  readonly scrapeTimeoutMs: number;
  /** The deadline used (scrape_timeout capped by promfed.live.timeoutMs). */
  readonly timeoutMs: number;
  readonly targets: readonly TargetOutcome[];
  readonly total: { readonly series: number; readonly metricNames: number; readonly bytesOnWire: number; readonly bytesUncompressed: number };
  /** Series per metric name over all targets, most first. */
  readonly topMetrics: readonly MetricSeries[];
  /** Present when each selector was also fetched on its own. */
  readonly bySelector?: readonly SelectorOutcome[];
  /** The first lines of the first successful answer. */
  readonly previewLines: readonly string[];
  readonly verdict: Verdict;
  /** One line: "fits: …", "close to the timeout: …", "will fail: …". */
  readonly headline: string;
  readonly notes: readonly string[];
  /** Why nothing was fetched, when nothing was. */
  readonly blocked?: string;
  /** Epoch ms of the measurement. */
  readonly measuredAt: number;
}

export interface PreviewJobResult {
  readonly report: PreviewReport;
  /** The report as Markdown, for clients without a report view. */
  readonly markdown: string;
  /** The raw exposition output of the whole job, per target, capped by promfed.live.maxBytes. */
  readonly output: string;
  readonly outputTruncated: boolean;
}
