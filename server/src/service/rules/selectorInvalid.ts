/**
 * A match[] selector /federate refuses: the whole scrape then fails with 400 Bad Request.
 * Mirrors web/federate.go (parser.ParseMetricSelectors) and promql/parser/parse.go (ParseMetricSelector).
 */
import { jobSelectors } from '../selectors';
import type { Finding } from '../types';
import type { Rule } from './rule';

export const selectorInvalidRule: Rule = {
  meta: [{ code: 'selector-invalid', severity: 'error', title: 'A match[] selector that /federate rejects with 400 Bad Request' }],
  check: () => [],
  checkJob(job, ctx) {
    const findings: Finding[] = [];
    for (const sel of jobSelectors(ctx.model, job, ctx.version)) {
      for (const error of sel.errors) {
        findings.push({
          code: 'selector-invalid',
          start: error.start,
          end: error.end,
          message: `/federate rejects this selector and the whole scrape fails with 400 Bad Request (Prometheus: ${error.message}).`,
          data: { jobIndex: sel.job.index, selectorIndex: sel.ref.index, selectorSpan: sel.span },
        });
      }
    }
    return findings;
  },
};
