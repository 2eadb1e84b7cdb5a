/** A /federate job on a host:port that another job of the same file scrapes directly. */
import { staticTargets, type StaticTarget } from '../federation';
import type { Finding } from '../types';
import type { Rule } from './rule';

export const federateSameTargetRule: Rule = {
  meta: [{ code: 'federate-same-target', severity: 'hint', title: 'A /federate job on a target another job already scrapes directly' }],
  check(model) {
    const findings: Finding[] = [];
    const direct = new Map<string, { job: string; target: StaticTarget }>();
    for (const job of model.jobs) {
      if (job.isFederation) continue;
      for (const t of staticTargets(model, job)) if (!direct.has(t.address)) direct.set(t.address, { job: job.name ?? '', target: t });
    }
    if (direct.size === 0) return findings;
    for (const job of model.jobs) {
      if (!job.isFederation) continue;
      for (const t of staticTargets(model, job)) {
        const other = direct.get(t.address);
        if (!other) continue;
        findings.push({
          code: 'federate-same-target',
          ...t.span,
          message:
            `Job "${other.job}" already scrapes ${t.address} directly. If this job's selectors also pick up the series that server ` +
            'exposes about itself, they are stored twice; federate aggregates from it, scrape its own /metrics in one place.',
          related: [{ ...other.target.span, message: `scraped directly by job "${other.job}"` }],
          data: { jobIndex: job.index, target: t.address, otherJob: other.job },
        });
      }
    }
    return findings;
  },
};
