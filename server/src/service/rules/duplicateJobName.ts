/** Two scrape configs with one job_name. Mirrors config/config.go: Config.UnmarshalYAML ("found multiple scrape configs"). */
import type { Node } from 'yaml';
import { spanOf } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

export const duplicateJobNameRule: Rule = {
  meta: [{ code: 'duplicate-job-name', severity: 'error', title: 'Two scrape configs with the same job_name' }],
  check(model) {
    const findings: Finding[] = [];
    // Names are kept with each job across versions; spans are read only for the duplicates.
    const first = new Map<string, Node>();
    for (const job of model.jobs) {
      if (job.name === undefined || job.name === '' || !job.nameEntry?.value) continue;
      const earlierNode = first.get(job.name);
      if (!earlierNode) {
        first.set(job.name, job.nameEntry.value);
        continue;
      }
      const earlier = spanOf(earlierNode);
      findings.push({
        code: 'duplicate-job-name',
        ...spanOf(job.nameEntry.value),
        message: `Another scrape config already uses this job_name; job names must be unique (Prometheus: found multiple scrape configs with job name "${job.name}").`,
        related: [{ ...earlier, message: `first scrape config named "${job.name}"` }],
        data: { jobName: job.name },
      });
    }
    return findings;
  },
};
