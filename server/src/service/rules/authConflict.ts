/**
 * Conflicting authentication settings in one HTTP client config, with Prometheus' messages.
 * Mirrors prometheus/common config/http_config.go: HTTPClientConfig.Validate and BasicAuth/OAuth2 checks.
 */
import { type Document, type YAMLMap } from 'yaml';
import { isMap, isScalar } from '../nodeKinds';
import { credentialSites, isCredentialKey, walkOutsideJobs, type Visitor } from '../jobWalk';
import { entriesOf, findEntry, scalarString, spanOf, type Entry } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

/** A key counts as set when its value is not null and not an empty string (Go's zero value). */
function isSet(entry: Entry | undefined): entry is Entry {
  if (!entry || entry.value === null) return false;
  if (isScalar(entry.value)) return entry.value.value !== null && entry.value.value !== '';
  return true;
}

/** Reported on whichever of the two keys comes later in the file, related to the earlier one. */
function conflict(x: Entry, y: Entry, explanation: string, prometheus: string): Finding {
  const [a, b] = spanOf(x.keyNode).start <= spanOf(y.keyNode).start ? [x, y] : [y, x];
  return {
    code: 'auth-conflict',
    ...spanOf(b.keyNode),
    message: `${explanation} (Prometheus: ${prometheus}).`,
    related: [{ ...spanOf(a.keyNode), message: `${a.key} is set here` }],
    data: { keys: [a.key, b.key] },
  };
}

function checkExclusive(entries: readonly Entry[], keys: readonly string[], explanation: string, prometheus: string, out: Finding[]) {
  const set = keys.map((k) => findEntry(entries, k)).filter(isSet).sort((x, y) => spanOf(x.keyNode).start - spanOf(y.keyNode).start);
  for (let i = 1; i < set.length; i++) out.push(conflict(set[0], set[i], explanation, prometheus));
}

/** `entries`: the mapping's entries, when the caller has them (a job's own). */
function checkHttpClient(map: YAMLMap, doc: Parameters<typeof entriesOf>[1], out: Finding[], entries: readonly Entry[] = entriesOf(map, doc)) {
  const get = (k: string) => findEntry(entries, k);
  const bearer = [get('bearer_token'), get('bearer_token_file')].filter(isSet);
  const basic = get('basic_auth');
  const oauth2 = get('oauth2');
  const authorization = get('authorization');
  checkExclusive(entries, ['bearer_token', 'bearer_token_file'], 'Use either bearer_token or bearer_token_file, not both', 'at most one of bearer_token & bearer_token_file must be configured', out);
  for (const other of [basic, oauth2].filter(isSet)) {
    for (const b of bearer) {
      out.push(conflict(other, b, `${other.key} and ${b.key} both set credentials; keep one`, 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured'));
    }
  }
  if (isSet(authorization)) {
    for (const b of bearer) {
      out.push(conflict(authorization, b, `authorization replaces ${b.key}; keep one of them`, 'authorization is not compatible with bearer_token & bearer_token_file'));
    }
    for (const other of [basic, oauth2].filter(isSet)) {
      out.push(conflict(authorization, other, `authorization and ${other.key} both set credentials; keep one`, 'at most one of basic_auth, oauth2 & authorization must be configured'));
    }
    if (isMap(authorization.value)) {
      const inner = entriesOf(authorization.value, doc);
      checkExclusive(inner, ['credentials', 'credentials_file', 'credentials_ref'], 'Use either credentials or credentials_file, not both', 'at most one of authorization credentials & credentials_file must be configured', out);
      const type = findEntry(inner, 'type');
      if (type?.value && (scalarString(type.value) ?? '').trim().toLowerCase() === 'basic') {
        out.push({
          code: 'auth-conflict',
          ...spanOf(type.value),
          message: 'Basic authentication has its own block: use basic_auth with username and password (Prometheus: authorization type cannot be set to "basic", use "basic_auth" instead).',
          data: { keys: ['authorization.type'] },
        });
      }
    }
  }
  if (isSet(basic) && isSet(oauth2)) {
    out.push(conflict(basic, oauth2, 'basic_auth and oauth2 both set credentials; keep one', 'at most one of basic_auth, oauth2 & authorization must be configured'));
  }
  if (isSet(basic) && isMap(basic.value)) {
    const inner = entriesOf(basic.value, doc);
    checkExclusive(inner, ['username', 'username_file', 'username_ref'], 'Use either username or username_file, not both', 'at most one of basic_auth username, username_file & username_ref must be configured', out);
    checkExclusive(inner, ['password', 'password_file', 'password_ref'], 'Use either password or password_file, not both', 'at most one of basic_auth password, password_file & password_ref must be configured', out);
  }
  if (isSet(oauth2) && isMap(oauth2.value)) {
    const inner = entriesOf(oauth2.value, doc);
    checkExclusive(inner, ['client_secret', 'client_secret_file', 'client_secret_ref'], 'Use either client_secret or client_secret_file, not both', 'at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured', out);
  }
}

function authVisitor(doc: Document.Parsed | null, findings: Finding[]): Visitor {
  return {
    Map(map) {
      if (map.items.some((p) => isCredentialKey(p.key))) checkHttpClient(map, doc, findings);
    },
  };
}

export const authConflictRule: Rule = {
  meta: [{ code: 'auth-conflict', severity: 'error', title: 'Authentication settings that exclude each other (basic_auth, authorization, oauth2, bearer_token)' }],
  check(model) {
    const findings: Finding[] = [];
    walkOutsideJobs(model, authVisitor(model.document.yaml, findings));
    return findings;
  },
  checkJob(job, ctx) {
    const findings: Finding[] = [];
    const doc = ctx.model.document.yaml;
    for (const map of credentialSites(ctx.model, job).maps) checkHttpClient(map, doc, findings, map === job.node ? job.entries : undefined);
    return findings;
  },
};
