/**
 * A scrape interval at or above the lookback delta (5m): between two scrapes every series goes stale.
 * Mirrors cmd/promtool/main.go lintScrapeConfigs (--lint=too-long-scrape-interval).
 */
import { effectiveGlobal, effectiveJob } from '../effective';
import { spanOf } from '../model';
import type { Finding } from '../types';
import { formatDuration } from '../values';
import type { Rule } from './rule';

export const LOOKBACK_DELTA_MS = 5 * 60_000;

function message(ms: number, where: string, jobs: readonly string[]): string {
  return (
    `${where} ${formatDuration(ms)} is not shorter than the 5m lookback delta: queries see no sample between two scrapes, ` +
    `so every series${jobs.length ? ` of ${jobs.map((j) => `"${j}"`).join(', ')}` : ''} looks stale most of the time ` +
    `(promtool: too long scrape interval found, data point will be marked as stale). Scrape at most every 2m.`
  );
}

export const longScrapeIntervalRule: Rule = {
  meta: [{ code: 'long-scrape-interval', severity: 'warning', title: 'A scrape_interval of 5m or more (samples go stale between scrapes)' }],
  /** Whether the job takes the global interval, and its name for the global finding. */
  jobFacts(job, ctx): { readonly name: string; readonly inherits: boolean } | undefined {
    if (!job.node) return undefined;
    return { name: job.name ?? '', inherits: effectiveJob(job, ctx.global).interval.source !== 'job' };
  },
  check(model, ctx) {
    const findings: Finding[] = [];
    const global = effectiveGlobal(model);
    // A job that sets no interval of its own gets the global one: nothing to report unless that is too long.
    if (global.interval.ms < LOOKBACK_DELTA_MS || !global.interval.entry?.value) return findings;
    const inheriting: string[] = [];
    for (const job of ctx.jobFacts as readonly ({ name: string; inherits: boolean } | undefined)[]) if (job?.inherits) inheriting.push(job.name);
    // One finding on the global value for all the jobs that inherit it.
    if (inheriting.length > 0) {
      const shown = inheriting.length > 3 ? [...inheriting.slice(0, 3), `${inheriting.length - 3} more`] : inheriting;
      findings.push({
        code: 'long-scrape-interval',
        ...spanOf(global.interval.entry.value),
        message: message(global.interval.ms, 'The global scrape_interval', shown),
        data: { scope: 'global', intervalMs: global.interval.ms, lookbackDeltaMs: LOOKBACK_DELTA_MS, jobCount: inheriting.length },
      });
    }
    return findings;
  },
  checkJob(job, ctx) {
    if (!job.node) return [];
    const times = effectiveJob(job, ctx.global);
    if (times.interval.ms < LOOKBACK_DELTA_MS || times.interval.source !== 'job' || !times.interval.entry?.value) return [];
    return [
      {
        code: 'long-scrape-interval',
        ...spanOf(times.interval.entry.value),
        message: message(times.interval.ms, 'scrape_interval', []),
        data: { scope: 'job', jobIndex: job.index, intervalMs: times.interval.ms, lookbackDeltaMs: LOOKBACK_DELTA_MS },
      },
    ];
  },
};
