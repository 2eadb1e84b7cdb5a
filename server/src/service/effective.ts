/**
 * The interval and timeout a job really gets, and where each comes from.
 * Mirrors config/config.go: GlobalConfig.UnmarshalYAML and ScrapeConfig.Validate.
 */
import type { ConfigModel, Entry, Job } from './model';
import { entriesOf, findEntry, scalarString } from './model';
import { isMap } from './nodeKinds';
import { parseDuration } from './values';

export const DEFAULT_SCRAPE_INTERVAL_MS = 60_000;
export const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;

export type Source = 'job' | 'global' | 'default' | 'min-rule';

export interface EffectiveValue {
  readonly ms: number;
  readonly source: Source;
  /** The key that set it, when one did. */
  readonly entry?: Entry;
}

export interface EffectiveTimes {
  readonly interval: EffectiveValue;
  readonly timeout: EffectiveValue;
}

function durationOf(entry: Entry | undefined): number | undefined {
  const text = scalarString(entry?.value);
  return text === undefined ? undefined : parseDuration(text);
}

export function globalEntries(model: ConfigModel): readonly Entry[] {
  const g = model.global?.value;
  return isMap(g) ? entriesOf(g, model.document.yaml) : [];
}

export function effectiveGlobal(model: ConfigModel): EffectiveTimes {
  const entries = globalEntries(model);
  const intervalEntry = findEntry(entries, 'scrape_interval');
  const timeoutEntry = findEntry(entries, 'scrape_timeout');
  const intervalMs = durationOf(intervalEntry);
  const interval: EffectiveValue =
    intervalMs !== undefined && intervalMs !== 0
      ? { ms: intervalMs, source: 'global', entry: intervalEntry }
      : { ms: DEFAULT_SCRAPE_INTERVAL_MS, source: 'default' };
  const timeoutMs = durationOf(timeoutEntry);
  let timeout: EffectiveValue;
  if (timeoutMs !== undefined && timeoutMs !== 0) timeout = { ms: timeoutMs, source: 'global', entry: timeoutEntry };
  else if (DEFAULT_SCRAPE_TIMEOUT_MS > interval.ms) timeout = { ms: interval.ms, source: 'min-rule' };
  else timeout = { ms: DEFAULT_SCRAPE_TIMEOUT_MS, source: 'default' };
  return { interval, timeout };
}

export function effectiveJob(job: Job, global: EffectiveTimes): EffectiveTimes {
  const intervalEntry = job.get('scrape_interval');
  const timeoutEntry = job.get('scrape_timeout');
  const intervalMs = durationOf(intervalEntry);
  const interval: EffectiveValue =
    intervalMs !== undefined && intervalMs !== 0 ? { ms: intervalMs, source: 'job', entry: intervalEntry } : global.interval;
  const timeoutMs = durationOf(timeoutEntry);
  let timeout: EffectiveValue;
  if (timeoutMs !== undefined && timeoutMs !== 0) timeout = { ms: timeoutMs, source: 'job', entry: timeoutEntry };
  else if (global.timeout.ms > interval.ms) timeout = { ms: interval.ms, source: 'min-rule' };
  else timeout = global.timeout;
  return { interval, timeout };
}
