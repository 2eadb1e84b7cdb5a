/**
 * Credentials written into the config file, in any HTTP client block (scrape jobs, remote_write, remote_read,
 * alertmanagers, service discovery). Prometheus hides them as <secret> in its own output
 * (prometheus/common config/config.go, Secret), which says how it regards them; the file form keeps them out.
 */
import { type Node, type Pair, type YAMLMap } from 'yaml';
import { isMap, isScalar } from '../nodeKinds';
import { credentialSites, walk, walkOutsideJobs, type Visitor } from '../jobWalk';
import { entriesOf, keyText, spanOf, type ConfigModel } from '../model';
import type { Finding, Span } from '../types';
import type { Rule } from './rule';

/** For each block that holds a secret: the key written in the file and its `_file` counterpart. */
const SECRET_KEYS: Readonly<Record<string, readonly [string, string]>> = {
  authorization: ['credentials', 'credentials_file'],
  basic_auth: ['password', 'password_file'],
  oauth2: ['client_secret', 'client_secret_file'],
};

export interface SecretSite {
  /** Dotted name, e.g. `basic_auth.password`. */
  readonly name: string;
  readonly key: string;
  readonly fileKey: string;
  readonly keySpan: Span;
  readonly valueSpan: Span;
  /** Column of the key, for an edit that rewrites its line. */
  readonly indent: number;
}

function isWritten(node: Node | null): boolean {
  return isScalar(node) && node.value !== null && String(node.value) !== '';
}

/** The visitor that collects the plain-text credentials under the nodes it is applied to. */
function secretVisitor(doc: Parameters<typeof entriesOf>[1], column: (offset: number) => number, sites: SecretSite[]): Visitor {
  const add = (name: string, key: string, fileKey: string, keyNode: Node, value: Node) => {
    const keySpan = spanOf(keyNode);
    sites.push({ name, key, fileKey, keySpan, valueSpan: spanOf(value), indent: column(keySpan.start) });
  };
  return {
    Pair(pair: Pair) {
      const key = keyText(pair.key);
      if (key === undefined || !isScalar(pair.key)) return;
      if (key === 'bearer_token' && isWritten(pair.value as Node)) add(key, key, 'bearer_token_file', pair.key, pair.value as Node);
      const inner = SECRET_KEYS[key];
      if (inner && isMap(pair.value)) {
        for (const e of entriesOf(pair.value, doc)) {
          if (e.key === inner[0] && !e.merged && isWritten(e.value)) add(`${key}.${e.key}`, e.key, inner[1], e.keyNode, e.value as Node);
        }
      }
    },
  };
}

/** Every plain-text credential in a document. */
export function findSecrets(root: YAMLMap, doc: Parameters<typeof entriesOf>[1], column: (offset: number) => number): SecretSite[] {
  const sites: SecretSite[] = [];
  walk(root, secretVisitor(doc, column, sites));
  return sites;
}

function toFinding(s: SecretSite): Finding {
  return {
    code: 'plaintext-secret',
    ...s.keySpan,
    message:
      `${s.name} is written in the file in plain text: anyone who can read the config (or its repository) can use it. ` +
      `Put it in a file only Prometheus can read and point ${s.fileKey} at it.`,
    data: { key: s.key, fileKey: s.fileKey, keySpan: s.keySpan, valueSpan: s.valueSpan, indent: s.indent },
  };
}

function columnOf(model: ConfigModel): (offset: number) => number {
  const lines = model.document.lines;
  return (offset) => offset - lines.lineStart(lines.lineAt(offset));
}

export const plaintextSecretRule: Rule = {
  meta: [{ code: 'plaintext-secret', severity: 'warning', title: 'A password, token or client secret written in the config file' }],
  check(model) {
    const sites: SecretSite[] = [];
    walkOutsideJobs(model, secretVisitor(model.document.yaml, columnOf(model), sites));
    return sites.map(toFinding);
  },
  checkJob(job, ctx) {
    const pairs = credentialSites(ctx.model, job).pairs;
    if (pairs.length === 0) return [];
    const sites: SecretSite[] = [];
    const visitor = secretVisitor(ctx.model.document.yaml, columnOf(ctx.model), sites);
    for (const pair of pairs) visitor.Pair!(pair);
    return sites.map(toFinding);
  },
};
