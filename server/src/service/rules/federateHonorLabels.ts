/**
 * A federation job without `honor_labels: true`: the source's job/instance labels are renamed.
 * Mirrors scrape/scrape.go (mutateSampleLabels, resolveConflictingExposedLabels) and docs/federation.md.
 */
import { isScalar } from '../nodeKinds';
import { keyInsertion } from '../federation';
import { spanOf, type Job } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

/** The value of a boolean job key: true, false, or undefined when absent or not a boolean. */
export function boolKey(job: Job, key: string): { present: boolean; value: boolean | undefined } {
  const entry = job.get(key);
  if (!entry) return { present: false, value: undefined };
  const v = isScalar(entry.value) ? entry.value.value : undefined;
  return { present: true, value: typeof v === 'boolean' ? v : undefined };
}

export const federateHonorLabelsRule: Rule = {
  meta: [{ code: 'federate-honor-labels', severity: 'warning', title: 'A /federate job without honor_labels: true' }],
  check: () => [],
  checkJob(job, ctx) {
    const model = ctx.model;
    const findings: Finding[] = [];
    if (!job.isFederation) return findings;
    const { present, value } = boolKey(job, 'honor_labels');
    if (value === true || (present && value === undefined)) return findings;
    const entry = job.get('honor_labels');
    const valueSpan = entry?.value ? spanOf(entry.value) : undefined;
    const span = present && valueSpan ? valueSpan : job.anchor;
    const insertion = present ? undefined : keyInsertion(model, job, 'honor_labels', 'true');
    findings.push({
      code: 'federate-honor-labels',
      ...span,
      message:
        `${present ? 'honor_labels is false' : 'honor_labels is not set'} in this /federate job: every federated series gets ` +
        `job="${job.name ?? ''}" and instance=<source host:port> of this job, and the source's own job and instance labels ` +
        'are renamed exported_job and exported_instance. Set honor_labels: true to keep the labels the source exposes.',
      data: { jobIndex: job.index, hasKey: present, ...(valueSpan && present ? { valueSpan } : {}), ...(insertion ?? {}) },
    });
    return findings;
  },
};
