/**
 * A federation job that asks /federate for nothing: no params, no match[] key, a misspelled one, or an empty
 * list. /federate then answers 200 with an empty body. Mirrors web/federate.go (req.Form["match[]"]).
 */
import { isMap, isSeq } from '../nodeKinds';
import { entriesOf, spanOf, type Entry } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

const KEY = 'match[]';

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** A key someone meant as `match[]`: `match`, `Match[]`, `'match[] '`, `match[ ]`, `matches[]`, `match[]]`. */
export function looksLikeMatch(key: string): boolean {
  const k = key.replace(/\s+/g, '').toLowerCase();
  return k === KEY || k.startsWith('match') || editDistance(k, KEY) <= 2;
}

const EMPTY_BODY = '/federate answers 200 with an empty body, so this job federates nothing';

export const federateNoMatchRule: Rule = {
  meta: [{ code: 'federate-no-match', severity: 'error', title: 'A /federate job with no match[] parameter (it federates nothing)' }],
  check: () => [],
  checkJob(job, ctx) {
    const model = ctx.model;
    const findings: Finding[] = [];
    const doc = model.document.yaml;
    if (!job.isFederation) return findings;
    const params = job.get('params');
    if (!params) {
      findings.push({
        code: 'federate-no-match',
        ...job.anchor,
        message: `This /federate job has no params with match[] selectors: ${EMPTY_BODY}.`,
        data: { jobIndex: job.index, suggested: KEY },
      });
      return findings;
    }
    const entries: Entry[] = isMap(params.value) ? entriesOf(params.value, doc) : [];
    const exact = entries.filter((e) => e.key === KEY);
    if (exact.length > 0) {
      const last = exact[exact.length - 1];
      if (!isSeq(last.value) || last.value.items.length > 0) return findings;
      findings.push({
        code: 'federate-no-match',
        ...spanOf(last.keyNode),
        message: `match[] is an empty list: ${EMPTY_BODY}.`,
        data: { jobIndex: job.index, suggested: KEY, emptyList: true },
      });
      return findings;
    }
    const near = entries.find((e) => looksLikeMatch(e.key));
    if (near) {
      const keySpan = spanOf(near.keyNode);
      findings.push({
        code: 'federate-no-match',
        ...keySpan,
        message: `/federate reads its selectors from the parameter "match[]" only; ${JSON.stringify(near.key)} is ignored and ${EMPTY_BODY}.`,
        data: { jobIndex: job.index, keySpan, suggested: KEY },
      });
      return findings;
    }
    findings.push({
      code: 'federate-no-match',
      ...spanOf(params.keyNode),
      message: `params has no match[] key: ${EMPTY_BODY}.`,
      data: { jobIndex: job.index, suggested: KEY },
    });
    return findings;
  },
};
