/** The summary an exposition parser produces, and how summaries of several bodies add up. */

/** One rejected line. `line` is 1-based; `part` is set by {@link combineSummaries}. */
export interface ExpositionError {
  readonly line: number;
  readonly message: string;
  /** The start of the offending line (at most 80 characters). */
  readonly excerpt: string;
  readonly part?: number;
}

/** A metric name and how many series (sample lines) it had. */
export interface MetricCount {
  readonly name: string;
  readonly series: number;
}

/** What the parser learnt from a body. Plain data: safe to serialise. */
export interface ExpositionSummary {
  /** Bytes fed to the parser (uncompressed). */
  readonly bytes: number;
  /** Lines seen, including comments, blank and rejected lines. */
  readonly lines: number;
  /** Valid sample lines. In /federate output each sample line is one series. */
  readonly series: number;
  /** Distinct metric names among the valid sample lines (a lower bound when `metricNamesCapped`). */
  readonly metricNames: number;
  readonly metricNamesCapped: boolean;
  /** The `topN` metric names with most series, most first, ties by name. */
  readonly topMetrics: readonly MetricCount[];
  /** Series per metric name (sample name, so `x_bucket`, `x_sum` and `x_count` are separate, as the TSDB sees them). */
  readonly seriesByMetric: Readonly<Record<string, number>>;
  /** Label pairs over all series, not counting the metric name. */
  readonly labelPairs: number;
  readonly maxLabelsPerSeries: number;
  /** A metric whose series has `maxLabelsPerSeries` labels. */
  readonly maxLabelsMetric: string | null;
  /** Longest label name, in bytes. */
  readonly maxLabelNameLength: number;
  /** Longest label value after unescaping, in UTF-8 bytes (what `label_value_length_limit` measures). */
  readonly maxLabelValueLength: number;
  /** The label name carrying the longest value. */
  readonly maxLabelValueLabel: string | null;
  readonly samplesWithTimestamp: number;
  /** Smallest and largest sample timestamp in milliseconds since the epoch; null when no sample had one. */
  readonly minTimestampMs: number | null;
  readonly maxTimestampMs: number | null;
  /** `# TYPE` declarations per type (`untyped`, `counter`, …). */
  readonly types: Readonly<Record<string, number>>;
  /** Some line ended with CR LF. */
  readonly crlf: boolean;
  /** The body did not end with a newline (only known after `end()`). */
  readonly missingFinalNewline: boolean;
  /** The first lines of the body, verbatim (cut when long). */
  readonly preview: readonly string[];
  /** All rejected lines; only the first `maxErrors` are in `errors`. */
  readonly errorCount: number;
  readonly errors: readonly ExpositionError[];
  /** Parsing stopped early because the input is not exposition format. */
  readonly gaveUp: boolean;
}

/**
 * Adds up the summaries of several bodies, e.g. one fetch per `match[]` selector. Series are summed, so a series
 * matched by two selectors counts twice (one /federate request with both selectors would return it once).
 * Errors keep their own line numbers and get `part` = index in `parts`.
 */
export function combineSummaries(parts: readonly ExpositionSummary[], options: { readonly previewLines?: number; readonly maxErrors?: number; readonly topN?: number } = {}): ExpositionSummary {
  const previewLines = options.previewLines ?? 20;
  const maxErrors = options.maxErrors ?? 5;
  const counts = new Map<string, number>();
  const types: Record<string, number> = {};
  const preview: string[] = [];
  const errors: ExpositionError[] = [];
  let maxLabelsPart: ExpositionSummary | null = null;
  let maxValuePart: ExpositionSummary | null = null;
  let min: number | null = null;
  let max: number | null = null;
  parts.forEach((s, index) => {
    for (const [name, n] of Object.entries(s.seriesByMetric)) counts.set(name, (counts.get(name) ?? 0) + n);
    for (const [type, n] of Object.entries(s.types)) types[type] = (types[type] ?? 0) + n;
    for (const line of s.preview) if (preview.length < previewLines) preview.push(line);
    for (const e of s.errors) if (errors.length < maxErrors) errors.push({ ...e, part: index });
    if (!maxLabelsPart || s.maxLabelsPerSeries > maxLabelsPart.maxLabelsPerSeries) maxLabelsPart = s;
    if (!maxValuePart || s.maxLabelValueLength > maxValuePart.maxLabelValueLength) maxValuePart = s;
    if (s.minTimestampMs !== null && (min === null || s.minTimestampMs < min)) min = s.minTimestampMs;
    if (s.maxTimestampMs !== null && (max === null || s.maxTimestampMs > max)) max = s.maxTimestampMs;
  });
  const sum = (pick: (s: ExpositionSummary) => number): number => parts.reduce((acc, s) => acc + pick(s), 0);
  const entries = [...counts.entries()];
  const seriesByMetric: Record<string, number> = {};
  for (const [name, n] of entries) seriesByMetric[name] = n;
  const labelsPart = maxLabelsPart as ExpositionSummary | null;
  const valuePart = maxValuePart as ExpositionSummary | null;
  return {
    bytes: sum((s) => s.bytes),
    lines: sum((s) => s.lines),
    series: sum((s) => s.series),
    metricNames: counts.size,
    metricNamesCapped: parts.some((s) => s.metricNamesCapped),
    topMetrics: topOf(entries, options.topN ?? 10),
    seriesByMetric,
    labelPairs: sum((s) => s.labelPairs),
    maxLabelsPerSeries: labelsPart?.maxLabelsPerSeries ?? 0,
    maxLabelsMetric: labelsPart?.maxLabelsMetric ?? null,
    maxLabelNameLength: Math.max(0, ...parts.map((s) => s.maxLabelNameLength)),
    maxLabelValueLength: valuePart?.maxLabelValueLength ?? 0,
    maxLabelValueLabel: valuePart?.maxLabelValueLabel ?? null,
    samplesWithTimestamp: sum((s) => s.samplesWithTimestamp),
    minTimestampMs: min,
    maxTimestampMs: max,
    types,
    crlf: parts.some((s) => s.crlf),
    missingFinalNewline: parts.some((s) => s.missingFinalNewline),
    preview,
    errorCount: sum((s) => s.errorCount),
    errors,
    gaveUp: parts.some((s) => s.gaveUp),
  };
}

/** The `n` names with most series, most first, ties by name. */
export function topOf(entries: [string, number][], n: number): MetricCount[] {
  return entries
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([name, series]) => ({ name, series }));
}

