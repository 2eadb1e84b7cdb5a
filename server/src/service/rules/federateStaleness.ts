/**
 * A federation job without `track_timestamps_staleness: true` (2.48+): series that vanish from /federate keep
 * answering queries for the lookback delta. Mirrors scrape/scrape.go (staleness markers skipped for samples
 * with explicit timestamps unless trackTimestampsStaleness).
 */
import { spanOf } from '../model';
import type { Finding } from '../types';
import { boolKey } from './federateHonorLabels';
import type { Rule } from './rule';

/** One string for every job's finding: a file of thousands of federation jobs keeps them all. */
const MESSAGE =
  'Federated samples carry the source\'s timestamps, and Prometheus writes no staleness marker for such samples ' +
  'unless track_timestamps_staleness is true (2.48.0+): a series that disappears from the source stays visible here ' +
  'for the lookback delta (5m by default).';

export const federateStalenessRule: Rule = {
  meta: [{ code: 'federate-staleness', severity: 'hint', title: 'A /federate job without track_timestamps_staleness: true' }],
  check: () => [],
  checkJob(job) {
    const findings: Finding[] = [];
    if (!job.isFederation) return findings;
    // Samples stamped with the scrape time get staleness markers anyway.
    if (boolKey(job, 'honor_timestamps').value === false) return findings;
    const { present, value } = boolKey(job, 'track_timestamps_staleness');
    if (value === true || (present && value === undefined)) return findings;
    const written = present ? job.get('track_timestamps_staleness')?.value : undefined;
    // No quick fix adds the key: the data says which job, and whether the key is written.
    findings.push({ code: 'federate-staleness', ...(written ? spanOf(written) : job.anchor), message: MESSAGE, data: { jobIndex: job.index, hasKey: present } });
    return findings;
  },
};
