/** A /federate job on a host:port that another job of the same file scrapes directly. */
import { staticTargets } from '../federation';
import type { Finding, Span } from '../types';
import { factSpan, jobSpan, type Rule } from './rule';

interface TargetFacts {
  readonly federation: boolean;
  readonly name: string;
  readonly targets: readonly { readonly address: string; readonly span: Span }[];
}

export const federateSameTargetRule: Rule = {
  meta: [{ code: 'federate-same-target', severity: 'hint', title: 'A /federate job on a target another job already scrapes directly' }],
  jobFacts(job, ctx): TargetFacts | undefined {
    const targets = staticTargets(ctx.model, job);
    if (targets.length === 0) return undefined;
    return { federation: job.isFederation, name: job.name ?? '', targets: targets.map((t) => ({ address: t.address, span: factSpan(job, t.span) })) };
  },
  check(_model, ctx) {
    const findings: Finding[] = [];
    const jobs = ctx.jobFacts as readonly (TargetFacts | undefined)[];
    const direct = new Map<string, { job: string; jobIndex: number; span: Span }>();
    jobs.forEach((job, jobIndex) => {
      if (!job || job.federation) return;
      for (const t of job.targets) if (!direct.has(t.address)) direct.set(t.address, { job: job.name, jobIndex, span: t.span });
    });
    if (direct.size === 0) return findings;
    jobs.forEach((job, jobIndex) => {
      if (!job?.federation) return;
      for (const t of job.targets) {
        const other = direct.get(t.address);
        if (!other) continue;
        findings.push({
          code: 'federate-same-target',
          ...jobSpan(ctx, jobIndex, t.span),
          message:
            `Job "${other.job}" already scrapes ${t.address} directly. If this job's selectors also pick up the series that server ` +
            'exposes about itself, they are stored twice; federate aggregates from it, scrape its own /metrics in one place.',
          related: [{ ...jobSpan(ctx, other.jobIndex, other.span), message: `scraped directly by job "${other.job}"` }],
          data: { jobIndex, target: t.address, otherJob: other.job },
        });
      }
    });
    return findings;
  },
};
