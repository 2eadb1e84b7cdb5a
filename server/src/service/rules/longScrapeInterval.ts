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
  check(model) {
    const findings: Finding[] = [];
    const global = effectiveGlobal(model);
    const inheriting: string[] = [];
    for (const job of model.jobs) {
      if (!job.node) continue;
      const times = effectiveJob(job, global);
      if (times.interval.ms < LOOKBACK_DELTA_MS) continue;
      if (times.interval.source !== 'job') {
        inheriting.push(job.name ?? '');
        continue;
      }
      if (!times.interval.entry?.value) continue;
      findings.push({
        code: 'long-scrape-interval',
        ...spanOf(times.interval.entry.value),
        message: message(times.interval.ms, 'scrape_interval', []),
        data: { scope: 'job', jobIndex: job.index, intervalMs: times.interval.ms, lookbackDeltaMs: LOOKBACK_DELTA_MS },
      });
    }
    // One finding on the global value for all the jobs that inherit it.
    if (inheriting.length > 0 && global.interval.entry?.value) {
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
};
