/**
 * A federation job whose measured /federate fetch uses more than 80 % of its scrape_timeout or of a scrape
 * limit (body_size_limit, sample_limit, label_limit, label_*_length_limit), or exceeds one.
 *
 * Live and asynchronous: the static pass never reports it (`check` returns nothing). The findings come from
 * server/src/preview/ when `promfed.live.diagnostics` is on, through {@link liveLimitFinding}, and are published
 * as a second pass merged with the static diagnostics. Mirrors scrape/scrape.go (timeouts and limits).
 */
import type { TargetOutcome } from '../../protocol';
import type { Finding, Span } from '../types';
import type { Rule } from './rule';

export const LIVE_LIMIT_CODE = 'live-federation-limit';

export const liveFederationLimitRule: Rule = {
  meta: [{ code: LIVE_LIMIT_CODE, severity: 'warning', title: 'Measured live: a federation scrape near or over its scrape_timeout or a limit (opt-in)' }],
  check: () => [],
};

/** The finding for one job from its measured targets; undefined when every target is comfortably within. */
export function liveLimitFinding(
  anchor: Span,
  job: { readonly jobIndex: number; readonly jobName: string; readonly selectors: readonly string[] },
  targets: readonly TargetOutcome[],
  seriesBySelector?: readonly number[],
): Finding | undefined {
  const hits = targets.filter((t) => t.checks.some((c) => c.status === 'close' || c.status === 'over'));
  if (!hits.length) return undefined;
  const over = hits.some((t) => t.checks.some((c) => c.status === 'over'));
  const sentences = hits.map((t) => {
    const reasons = t.checks.filter((c) => c.status === 'close' || c.status === 'over').map((c) => reasonOf(c));
    return `${targets.length > 1 ? `${t.target}: ` : ''}${reasons.join('; ')}`;
  });
  return {
    code: LIVE_LIMIT_CODE,
    ...anchor,
    message: `${over ? 'Measured now, this federation scrape would fail' : 'Measured now, this federation scrape is close to failing'}: ${sentences.join('. ')}. Split the job (fewer selectors per job) or raise the limit.`,
    data: {
      jobIndex: job.jobIndex,
      jobName: job.jobName,
      over,
      checks: hits.map((t) => ({ target: t.target, checks: t.checks.filter((c) => c.status !== 'ok').map((c) => ({ name: c.name, measured: c.measured, limit: c.limit, status: c.status })) })),
      ...(seriesBySelector ? { selectors: job.selectors, seriesBySelector } : {}),
    },
  };
}

function reasonOf(c: TargetOutcome['checks'][number]): string {
  const pct = Math.round((c.measured / c.limit) * 100);
  if (c.name === 'scrape_timeout' && c.status === 'over') return `no complete answer within scrape_timeout ${(c.limit / 1000).toFixed(1)} s`;
  if (c.name === 'scrape_timeout') return `answered in ${(c.measured / 1000).toFixed(1)} s, ${pct} % of scrape_timeout ${(c.limit / 1000).toFixed(1)} s`;
  return `${c.name} at ${pct} % (${c.measured} of ${c.limit}${c.unit === 'bytes' ? ' bytes' : ''})`;
}
