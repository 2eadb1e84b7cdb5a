/** Two scrape configs with one job_name. Mirrors config/config.go: Config.UnmarshalYAML ("found multiple scrape configs"). */
import { spanOf } from '../model';
import type { Finding, Span } from '../types';
import { factSpan, jobSpan, type Rule } from './rule';

/** A named job's name and where its value is written (in the job). */
interface NameFacts {
  readonly name: string;
  readonly span: Span;
}

export const duplicateJobNameRule: Rule = {
  meta: [{ code: 'duplicate-job-name', severity: 'error', title: 'Two scrape configs with the same job_name' }],
  jobFacts(job): NameFacts | undefined {
    if (job.name === undefined || job.name === '' || !job.nameEntry?.value) return undefined;
    return { name: job.name, span: factSpan(job, spanOf(job.nameEntry.value)) };
  },
  check(_model, ctx) {
    const findings: Finding[] = [];
    const first = new Map<string, number>();
    (ctx.jobFacts as readonly (NameFacts | undefined)[]).forEach((facts, jobIndex, all) => {
      if (!facts) return;
      const earlier = first.get(facts.name);
      if (earlier === undefined) {
        first.set(facts.name, jobIndex);
        return;
      }
      findings.push({
        code: 'duplicate-job-name',
        ...jobSpan(ctx, jobIndex, facts.span),
        message: `Another scrape config already uses this job_name; job names must be unique (Prometheus: found multiple scrape configs with job name "${facts.name}").`,
        related: [{ ...jobSpan(ctx, earlier, all[earlier]!.span), message: `first scrape config named "${facts.name}"` }],
        data: { jobName: facts.name },
      });
    });
    return findings;
  },
};
