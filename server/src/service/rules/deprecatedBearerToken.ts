/**
 * bearer_token / bearer_token_file: deprecated since 2.26.0 in favour of the authorization block, still loaded
 * (prometheus/common config/http_config.go: HTTPClientConfig.Validate turns them into authorization).
 */
import { type Pair } from 'yaml';
import { isScalar } from '../nodeKinds';
import { credentialSites, walkOutsideJobs, type Visitor } from '../jobWalk';
import { keyText, spanOf } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

const REPLACEMENT: Readonly<Record<string, string>> = { bearer_token: 'credentials', bearer_token_file: 'credentials_file' };

/** Per key, the message every finding about it shares (a large file has thousands). */
const MESSAGES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(REPLACEMENT).map(([key, inner]) => [key, `${key} is deprecated since Prometheus 2.26.0: write authorization: { ${inner}: ... } instead (type defaults to Bearer).`]),
);

/**
 * The finding is the key's; its quick fix (actions/bearerToken.ts) reads the pair from the text, so the data names the
 * key only, and a token never travels in it.
 */
function bearerVisitor(findings: Finding[]): Visitor {
  return {
    Pair(pair: Pair) {
      const key = keyText(pair.key);
      if (key === undefined || !Object.hasOwn(REPLACEMENT, key) || !isScalar(pair.key)) return;
      findings.push({ code: 'deprecated-bearer-token', ...spanOf(pair.key), message: MESSAGES[key], tags: ['deprecated'], data: { key } });
    },
  };
}

export const deprecatedBearerTokenRule: Rule = {
  meta: [{ code: 'deprecated-bearer-token', severity: 'info', title: 'bearer_token / bearer_token_file instead of the authorization block' }],
  check(model) {
    const findings: Finding[] = [];
    walkOutsideJobs(model, bearerVisitor(findings));
    return findings;
  },
  checkJob(job, ctx) {
    const pairs = credentialSites(ctx.model, job).pairs;
    if (pairs.length === 0) return [];
    const findings: Finding[] = [];
    const visitor = bearerVisitor(findings);
    for (const pair of pairs) visitor.Pair!(pair);
    return findings;
  },
};
