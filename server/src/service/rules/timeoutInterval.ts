/**
 * scrape_timeout above scrape_interval, with Prometheus' defaults and inheritance.
 * Mirrors config/config.go: GlobalConfig.UnmarshalYAML and ScrapeConfig.Validate.
 */
import { effectiveGlobal, effectiveJob } from '../effective';
import { spanOf } from '../model';
import type { Finding, RelatedSpan } from '../types';
import { formatDuration } from '../values';
import type { Rule } from './rule';

export const timeoutIntervalRule: Rule = {
  meta: [{ code: 'timeout-exceeds-interval', severity: 'error', title: 'scrape_timeout greater than the scrape_interval in force' }],
  check(model) {
    const findings: Finding[] = [];
    const global = effectiveGlobal(model);
    if (global.timeout.source === 'global' && global.timeout.ms > global.interval.ms && global.timeout.entry?.value) {
      const related: RelatedSpan[] = global.interval.entry?.value
        ? [{ ...spanOf(global.interval.entry.value), message: `global scrape_interval is ${formatDuration(global.interval.ms)}` }]
        : [];
      findings.push({
        code: 'timeout-exceeds-interval',
        ...spanOf(global.timeout.entry.value),
        message:
          `The global scrape_timeout (${formatDuration(global.timeout.ms)}) is longer than the global scrape_interval ` +
          `(${formatDuration(global.interval.ms)}${global.interval.source === 'default' ? ', the default' : ''}) (Prometheus: global scrape timeout greater than scrape interval).`,
        related,
        data: { scope: 'global', intervalMs: global.interval.ms, timeoutMs: global.timeout.ms },
      });
    }
    return findings;
  },
  checkJob(job, ctx) {
    const times = effectiveJob(job, ctx.global);
    if (times.timeout.source !== 'job' || times.timeout.ms <= times.interval.ms || !times.timeout.entry?.value) return [];
    const where =
      times.interval.source === 'job' ? "the job's scrape_interval" : times.interval.source === 'global' ? 'the global scrape_interval' : 'the default scrape_interval';
    const related: RelatedSpan[] = times.interval.entry?.value
      ? [{ ...spanOf(times.interval.entry.value), message: `${where}: ${formatDuration(times.interval.ms)}` }]
      : [];
    return [
      {
        code: 'timeout-exceeds-interval',
        ...spanOf(times.timeout.entry.value),
        message:
          `scrape_timeout ${formatDuration(times.timeout.ms)} is longer than ${where} ${formatDuration(times.interval.ms)} ` +
          `(Prometheus: scrape timeout greater than scrape interval for scrape config with job name "${job.name ?? ''}").`,
        related,
        data: { scope: 'job', jobIndex: job.index, intervalMs: times.interval.ms, timeoutMs: times.timeout.ms, intervalSource: times.interval.source },
      },
    ];
  },
};
