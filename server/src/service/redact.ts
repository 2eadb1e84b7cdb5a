/**
 * The last line of defence for secrets: whatever a rule writes into a message, and whatever an internal error
 * says, passes through a redactor that knows the secrets of the document and replaces them with `<secret>`,
 * as Prometheus prints them (prometheus/common config/config.go: Secret.MarshalYAML).
 *
 * A secret is: the value of a field the schema types as a secret (password, credentials, client_secret,
 * bearer_token, ...) or whose name says so (api_key, access_token), read from the model and, for a file that
 * does not parse, from the text; the password of any `user:password@` in the file; the value of a URL query
 * parameter named like a credential.
 */
import { isMap, isPair, isScalar, isSeq } from './nodeKinds';
import type { JobSlot } from './incremental';
import type { ConfigModel } from './model';
import { allBlocks, type ValueType } from './schema';
import type { Finding } from './types';

const REDACTED = '<secret>';
/** Shorter values are not searched for: they would blank ordinary words of a message. */
const MIN_SECRET_CHARS = 4;

function holdsSecret(type: ValueType): boolean {
  if (type.kind === 'secret') return true;
  if (type.kind === 'list' || type.kind === 'map') return holdsSecret(type.of);
  return false;
}

let schemaNames: ReadonlySet<string> | undefined;
/** Field names the schema types as secrets (or lists and maps of them), anywhere in the config. */
function secretFieldNames(): ReadonlySet<string> {
  schemaNames ??= new Set(allBlocks().flatMap((b) => b.fields.filter((f) => holdsSecret(f.type)).map((f) => f.name)));
  return schemaNames;
}

/** The words that make a key a secret's name when it ends with one, whatever block it is in (`params`, ...). */
const SECRET_WORDS = ['password', 'passwd', 'secret', 'secrets', 'token', 'credential', 'credentials', 'api_key', 'apikey', 'passphrase', 'private_key'];
const SECRET_NAME = new RegExp(`(?:^|_)(?:${SECRET_WORDS.join('|')})$`, 'i');

const secretNames = new Map<string, boolean>();

/** Whether a key names a secret; memoised, as every job repeats the same few dozen keys. */
function isSecretName(name: string): boolean {
  let known = secretNames.get(name);
  if (known === undefined) {
    known = secretFieldNames().has(name) || SECRET_NAME.test(name);
    if (secretNames.size >= 10_000) secretNames.clear();
    secretNames.set(name, known);
  }
  return known;
}

// Every pattern here runs in linear time on any text (bounded quantifiers, no nested repetition): the text may
// be a megabyte of one line.
const QUERY_PARAM = /[?&]([^=&\s'"#]{1,64})=([^&\s'"#,\]}]{1,512})/g;
const CREDENTIAL_WORD = /secret|token|password|passwd|key|credential|auth|sig/i;
/** Names searched for in the text of a file that may not parse (the model has the rest). */
const TEXT_NAMES = ['api_key', 'apikey', 'access_token', 'passwd', 'passphrase', 'private_key'];
/** Characters that end a `user:password@` run when reading backwards from the `@`. */
const USERINFO_STOP = new Set([' ', '\t', '\n', '\r', '/', '@', "'", '"', '[', ']', '{', '}', ',']);

function addSecret(into: Set<string>, value: string): void {
  const v = value.trim();
  if (v.length >= MIN_SECRET_CHARS) into.add(v);
}

/** Scalars under a node (a list of tokens, a header map), bounded: no secret sits deeper than a few levels. */
function scalarsUnder(node: unknown, into: Set<string>, depth = 0): void {
  if (depth > 4 || !node || typeof node !== 'object') return;
  if (isScalar(node)) {
    if (node.value !== null && node.value !== undefined) addSecret(into, String(node.value));
    return;
  }
  if (isMap(node) || isSeq(node)) for (const item of node.items) scalarsUnder(isPair(item) ? item.value : item, into, depth + 1);
}

/** Secrets of a subtree: values of secret fields, whatever their shape. */
function treeSecrets(root: unknown, into: Set<string>, skip?: unknown): void {
  const stack: unknown[] = [root];
  let budget = 1_000_000;
  while (stack.length && budget-- > 0) {
    const node = stack.pop();
    if (node === skip || (!isMap(node) && !isSeq(node))) continue;
    for (const item of node.items) {
      if (isPair(item)) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key !== undefined && !key.endsWith('_file') && isSecretName(key)) scalarsUnder(item.value, into);
        stack.push(item.value);
      } else stack.push(item);
    }
  }
}

/**
 * Secrets in a text, line by line: `key: value` on one line (what a file that does not parse still shows),
 * with the value's quotes, flow punctuation and comment taken off every way a message may have taken them off;
 * the password of every `user:password@`, URL or not; credential-named URL query parameters. Nothing here reads
 * across a line break, so a text cut at line starts gives the same secrets piece by piece.
 */
function textSecrets(text: string, into: Set<string>): void {
  // `name:` for every name, found from the colons: one pass over the text instead of one per name, then taken
  // in the order of the names (the order secrets are added in decides between equally long ones).
  const { byName, longest } = textNames();
  let hits: { readonly name: number; readonly colon: number }[] | undefined;
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let end = colon;
    while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    let start = end;
    while (start > 0 && end - start <= longest && isNameChar(text.charCodeAt(start - 1))) start--;
    if (start === end || end - start > longest) continue;
    const k = byName.get(text.slice(start, end));
    if (k !== undefined) (hits ??= []).push({ name: k, colon });
  }
  if (hits) {
    // Found in text order; a stable sort by name keeps that order within each name.
    for (const { colon: i } of hits.sort((a, b) => a.name - b.name)) {
      let end = i + 1;
      while (end < text.length && end - i < 4096 && text[end] !== '\n' && text[end] !== '\r') end++;
      const raw = text.slice(i + 1, end).replace(/\s#.*$/, '').trim();
      addSecret(into, raw);
      const unquoted = raw.replace(/^["'[{]+/, '').replace(/["'\]},]+$/, '');
      addSecret(into, unquoted);
      for (const part of unquoted.split(/[,\]}"']/)) addSecret(into, part);
    }
  }
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 512 && !USERINFO_STOP.has(text[start - 1])) start--;
    const userinfo = text.slice(start, at);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) addSecret(into, userinfo.slice(colon + 1));
  }
  for (const m of text.matchAll(QUERY_PARAM)) if (CREDENTIAL_WORD.test(m[1])) addSecret(into, m[2]);
}

/** `[\w-]`: a character of a key name. */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

let allTextNames: { readonly byName: ReadonlyMap<string, number>; readonly longest: number } | undefined;
/** The names textSecrets looks for, each with its place in the list, and the longest name's length. */
function textNames(): { readonly byName: ReadonlyMap<string, number>; readonly longest: number } {
  if (!allTextNames) {
    const names = [...new Set([...secretFieldNames(), ...TEXT_NAMES])];
    allTextNames = { byName: new Map(names.map((n, k) => [n, k])), longest: Math.max(...names.map((n) => n.length)) };
  }
  return allTextNames;
}

let secretKeyHint: RegExp | undefined;
/** A backslash, then on the same line a double quote and a colon: maybe an escaped double-quoted key. */
const ESCAPED_KEY = /\\.*"[ \t]*:/;

/**
 * False when treeSecrets and textSecrets surely find nothing in a job's text: no key ends with a secret's name
 * or word just before its colon (a key is on one line, its closing quote aside), no `@`, `?` or `&` (userinfo,
 * query parameters, explicit `? key`s), and no escaped double-quoted key, which could spell any name. A few
 * scans of the text instead of a walk of the job's nodes and a pass over its colons.
 */
export function mayHoldSecrets(text: string): boolean {
  if (text.includes('@') || text.includes('?') || text.includes('&')) return true;
  if (text.includes('\\') && ESCAPED_KEY.test(text)) return true;
  if (!secretKeyHint) {
    const words = [...new Set([...secretFieldNames(), ...TEXT_NAMES, ...SECRET_WORDS])].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    secretKeyHint = new RegExp(`(?:${words.join('|')})['"]?[ \\t]*:`, 'i');
  }
  return secretKeyHint.test(text);
}

const NO_SECRETS: readonly string[] = Object.freeze([]);

/** The secrets of one job's slot: they depend on its text only. */
export function slotSecrets(slot: Pick<JobSlot, 'node' | 'text'>): readonly string[] {
  if (!mayHoldSecrets(slot.text)) return NO_SECRETS;
  const own = new Set<string>();
  treeSecrets(slot.node, own);
  textSecrets(slot.text, own);
  return [...own];
}

/**
 * Every secret of a document, from its model and its text. A document parsed job by job keeps each job's
 * secrets with the job (they depend on its text only), so an edit re-reads the edited job and the head.
 */
export function collectSecrets(model: ConfigModel): string[] {
  const found = new Set<string>();
  const document = model.document;
  const text = document.text;
  const chunks = document.jobChunks;
  const jobList = model.scrapeConfigs?.value;
  if (chunks && chunks.slots.length > 0 && isSeq(jobList) && jobList.items.length === chunks.slots.length) {
    headSecrets(model, chunks.slots[0].start, chunks.suffixStart, found);
    for (const slot of chunks.slots) for (const s of (slot.secrets ??= slotSecrets(slot))) found.add(s);
  } else {
    if (document.yaml) treeSecrets(document.yaml.contents, found);
    textSecrets(text, found);
  }
  return secretOrder(found);
}

/**
 * The secrets of a document's head when its jobs are read one by one: its tree without the job list, and its text
 * before the first job and after the list. Each job's own come from slotSecrets, in the jobs' order, after these.
 */
export function headSecrets(model: ConfigModel, firstJobStart: number, suffixStart: number, into: Set<string>): void {
  const text = model.document.text;
  if (model.document.yaml) treeSecrets(model.document.yaml.contents, into, model.scrapeConfigs?.value);
  textSecrets(text.slice(0, firstJobStart), into);
  textSecrets(text.slice(suffixStart), into);
}

/** Longest first, so a secret that contains another is replaced whole. */
export function secretOrder(found: ReadonlySet<string>): string[] {
  return [...found].sort((a, b) => b.length - a.length);
}

export type Redactor = (message: string) => string;

/** A redactor for one document; the secrets are collected on first use only. */
export function createRedactor(model: ConfigModel): Redactor {
  return redactorOf(() => collectSecrets(model));
}

/** A redactor for a list of secrets (collectSecrets' order), asked for on first use only. */
export function redactorOf(collect: () => readonly string[]): Redactor {
  let secrets: readonly string[] | undefined;
  // Per message text: a large file's thousands of findings share a handful of messages.
  const done = new Map<string, string>();
  return (message) => {
    const known = done.get(message);
    if (known !== undefined) return known;
    secrets ??= collect();
    let out = message;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
    // A URL's password, even one the document does not hold (a message quoting a rewritten URL).
    out = out.replace(/(:\/\/[^\s/@:'"]{0,256}:)[^\s/@'"]{1,512}@/g, `$1${REDACTED}@`);
    done.set(message, out);
    return out;
  };
}

/** The findings with every message (and related message) redacted. */
export function redactFindings(findings: readonly Finding[], redact: Redactor): Finding[] {
  return findings.map((f) => {
    const message = redact(f.message);
    const related = f.related?.map((r) => {
      const m = redact(r.message);
      return m === r.message ? r : { ...r, message: m };
    });
    const relatedChanged = related?.some((r, i) => r !== f.related![i]);
    return message === f.message && !relatedChanged ? f : { ...f, message, ...(relatedChanged ? { related } : {}) };
  });
}
