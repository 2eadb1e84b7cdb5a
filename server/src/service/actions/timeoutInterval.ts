/**
 * scrape_timeout above scrape_interval: lower the timeout to the interval, or raise the interval to the timeout
 * (adding scrape_interval to the job when it was inherited). Values from effective.ts, as the rule computes them.
 */
import { type Node, type Pair, type YAMLMap } from 'yaml';
import { isMap } from '../nodeKinds';
import { effectiveGlobal, effectiveJob, type EffectiveTimes } from '../effective';
import { formatDuration } from '../values';
import { contains, insertEntry, jobAt, pairBlock, replaceScalar } from './yamlText';
import type { ActionContext, Fix, OffsetEdit, QuickFixProvider } from './types';

/** Adds `entry` to `map` just above `before` (below it when `before` shares a line with `- `). */
function insertBefore(ctx: ActionContext, map: YAMLMap, before: Pair, entry: string): OffsetEdit | undefined {
  const block = pairBlock(ctx, before);
  if (!block || map.flow) return insertEntry(ctx, map, before, entry);
  if (block.inline) return insertEntry(ctx, map, before, entry);
  const at = ctx.lines.lineStart(block.firstLine);
  return { start: at, end: at, newText: ' '.repeat(block.column) + entry + ctx.eol };
}

export const timeoutIntervalFix: QuickFixProvider = {
  codes: ['timeout-exceeds-interval'],
  provide(ctx, target) {
    const global = effectiveGlobal(ctx.model);
    const globalMap = ctx.model.global?.value;
    const inGlobal = target.data.scope === 'global' || (isMap(globalMap) && contains(globalMap, target.start));
    let times: EffectiveTimes;
    let map: YAMLMap;
    let own: 'job' | 'global';
    if (inGlobal) {
      if (!isMap(globalMap)) return [];
      [times, map, own] = [global, globalMap, 'global'];
    } else {
      const job = jobAt(ctx.model, target.start, target.data.jobIndex);
      if (!job?.node) return [];
      [times, map, own] = [effectiveJob(job, global), job.node, 'job'];
    }
    const timeout = times.timeout.entry;
    if (times.timeout.source !== own || !timeout?.value || timeout.merged || times.timeout.ms <= times.interval.ms) return [];
    const fixes: Fix[] = [];
    const interval = formatDuration(times.interval.ms);
    const lower = replaceScalar(timeout.value, interval);
    if (lower) fixes.push({ title: `Set scrape_timeout to ${interval}`, edits: [lower], preferred: true, safe: true });
    const raised = formatDuration(times.timeout.ms);
    const intervalEntry = times.interval.entry;
    const replaces = times.interval.source === own && intervalEntry?.value && !intervalEntry.merged;
    const raise = replaces ? replaceScalar(intervalEntry.value as Node, raised) : insertBefore(ctx, map, timeout.pair, `scrape_interval: ${raised}`);
    if (raise) fixes.push({ title: `Raise scrape_interval to ${raised}`, edits: [raise], safe: false, ...(replaces ? {} : { adds: [{ map, key: 'scrape_interval' }] }) });
    return fixes;
  },
};
