/**
 * bearer_token / bearer_token_file: deprecated since 2.26.0 in favour of the authorization block, still loaded
 * (prometheus/common config/http_config.go: HTTPClientConfig.Validate turns them into authorization).
 */
import { type Pair } from 'yaml';
import { isScalar } from '../nodeKinds';
import { credentialSites, walkOutsideJobs, type Visitor } from '../jobWalk';
import type { LineIndex } from '../ranges';
import { keyText, spanOf } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

const REPLACEMENT: Readonly<Record<string, string>> = { bearer_token: 'credentials', bearer_token_file: 'credentials_file' };

/** Per key, the message and the authorization block every finding about it shares (a large file has thousands). */
const SHARED: Readonly<Record<string, { readonly message: string; readonly authorization: { readonly type: 'Bearer'; readonly key: string } }>> = Object.fromEntries(
  Object.entries(REPLACEMENT).map(([key, inner]) => [
    key,
    {
      message: `${key} is deprecated since Prometheus 2.26.0: write authorization: { ${inner}: ... } instead (type defaults to Bearer).`,
      authorization: Object.freeze({ type: 'Bearer' as const, key: inner }),
    },
  ]),
);

function bearerVisitor(lines: LineIndex, findings: Finding[]): Visitor {
  return {
    Pair(pair: Pair) {
      const key = keyText(pair.key);
      if (key === undefined || !Object.hasOwn(REPLACEMENT, key) || !isScalar(pair.key)) return;
      const keySpan = spanOf(pair.key);
      const value = isScalar(pair.value) ? pair.value : null;
      const valueSpan = value ? spanOf(value) : undefined;
      const indent = keySpan.start - lines.lineStart(lines.lineAt(keySpan.start));
      const inner = REPLACEMENT[key];
      // The value is copied from valueSpan by the fix; a token never travels in data.
      const template = `authorization:\n${' '.repeat(indent + 2)}${inner}: \${value}`;
      findings.push({
        code: 'deprecated-bearer-token',
        ...keySpan,
        message: SHARED[key].message,
        tags: ['deprecated'],
        data: {
          key,
          keySpan,
          ...(valueSpan ? { valueSpan, pairSpan: { start: keySpan.start, end: valueSpan.end } } : {}),
          indent,
          authorization: SHARED[key].authorization,
          template,
        },
      });
    },
  };
}

export const deprecatedBearerTokenRule: Rule = {
  meta: [{ code: 'deprecated-bearer-token', severity: 'info', title: 'bearer_token / bearer_token_file instead of the authorization block' }],
  check(model) {
    const findings: Finding[] = [];
    walkOutsideJobs(model, bearerVisitor(model.document.lines, findings));
    return findings;
  },
  checkJob(job, ctx) {
    const pairs = credentialSites(ctx.model, job).pairs;
    if (pairs.length === 0) return [];
    const findings: Finding[] = [];
    const visitor = bearerVisitor(ctx.model.document.lines, findings);
    for (const pair of pairs) visitor.Pair!(pair);
    return findings;
  },
};
