/**
 * A static target written as a URL (`https://prom:9090/prom/federate`): write it as host:port and move what the URL
 * said into the job, `scheme: https` and `metrics_path: /prom/federate`, when the job does not say so already.
 * Scheme and path belong to the whole job (config/config.go: ScrapeConfig.Scheme, MetricsPath), so they change only
 * when no other target of the job would be scraped differently for it.
 */
import { type Pair, type Scalar, type YAMLMap } from 'yaml';
import { isMap, isScalar, isSeq } from '../nodeKinds';
import { entriesOf, findEntry, resolve, type Entry } from '../model';
import { encodeScalar, jobAt, ownPair, pairBlock, replaceScalar, styleOf } from './yamlText';
import type { ActionContext, KeyClaim, OffsetEdit, QuickFixProvider } from './types';

/** What a target asks of its job: a scheme and a path, or null for "whatever the job says". */
interface Wants {
  readonly scheme: string | null;
  readonly path: string | null;
}

const URL = /^(https?):\/\/([^/]+)(\/.*)?$/;

function wantsOf(address: string): Wants {
  const url = URL.exec(address.trim());
  if (!url) return { scheme: null, path: null };
  return { scheme: url[1], path: url[3] && url[3] !== '/' ? url[3] : null };
}

interface Owner {
  /** The scrape job or Alertmanager config whose static_configs hold the target. */
  readonly map: YAMLMap;
  readonly entries: readonly Entry[];
  readonly kind: 'job' | 'alertmanager';
  readonly node: Scalar;
  /** Every other target of the same owner. */
  readonly others: readonly Scalar[];
}

function targetsOf(ctx: ActionContext, entries: readonly Entry[]): Scalar[] {
  const doc = ctx.model.document.yaml;
  const out: Scalar[] = [];
  const statics = findEntry(entries, 'static_configs')?.value;
  if (!isSeq(statics)) return out;
  for (const group of statics.items) {
    const g = resolve(group, doc);
    const targets = isMap(g) ? findEntry(entriesOf(g, doc), 'targets')?.value : undefined;
    if (!isSeq(targets)) continue;
    for (const raw of targets.items) {
      const t = resolve(raw, doc);
      if (isScalar(t) && t.value !== null) out.push(t);
    }
  }
  return out;
}

/** The job or Alertmanager config whose static target starts at `offset`. */
function ownerAt(ctx: ActionContext, offset: number): Owner | undefined {
  const doc = ctx.model.document.yaml;
  // The job that holds the offset, found without reading the others (a job may have let go of its nodes: incremental.ts).
  const holder = jobAt(ctx.model, offset);
  const jobs = holder ? [holder] : ctx.model.jobs;
  const candidates: { map: YAMLMap; entries: readonly Entry[]; kind: Owner['kind'] }[] = jobs.flatMap((j) => (j.node ? [{ map: j.node, entries: j.entries, kind: 'job' as const }] : []));
  const alerting = findEntry(ctx.model.rootEntries, 'alerting')?.value;
  const managers = isMap(alerting) ? findEntry(entriesOf(alerting, doc), 'alertmanagers')?.value : undefined;
  if (isSeq(managers)) {
    for (const raw of managers.items) {
      const am = resolve(raw, doc);
      if (isMap(am)) candidates.push({ map: am, entries: entriesOf(am, doc), kind: 'alertmanager' });
    }
  }
  for (const c of candidates) {
    const targets = targetsOf(ctx, c.entries);
    const node = targets.find((t) => t.range?.[0] === offset);
    if (node) return { ...c, node, others: targets.filter((t) => t !== node) };
  }
  return undefined;
}

/** host:port as a plain scalar when the original was plain and this reads back as the same string. */
function encodeAddress(node: Scalar, host: string): string {
  if (styleOf(node) === 'PLAIN' && /^[A-Za-z0-9_.-]+(?::\d+)?$/.test(host) && /[A-Za-z.]/.test(host.replace(/:\d+$/, ''))) return host;
  return encodeScalar(host, styleOf(node) === 'PLAIN' ? 'QUOTE_SINGLE' : styleOf(node));
}

/** Sets `key: value` in the owner: the value replaced in place, or a new line after job_name (or the first key). */
function setKey(owner: Owner, key: string, value: string, lines: string[]): OffsetEdit | undefined | 'insert' {
  const entry = findEntry(owner.entries, key);
  if (entry?.merged) return undefined; // the value lives in a mapping other jobs share
  if (entry && isScalar(entry.value) && entry.value.range) return replaceScalar(entry.value, value);
  if (entry) return undefined; // `key:` with no value, or not a scalar: not ours to guess
  lines.push(`${key}: ${encodeScalar(value, 'PLAIN')}`);
  return 'insert';
}

function insertLines(ctx: ActionContext, map: YAMLMap, lines: readonly string[]): OffsetEdit | undefined {
  if (lines.length === 0 || map.flow) return undefined;
  const after = (ownPair(map, 'job_name') ?? (map.items as Pair[])[0]) as Pair | undefined;
  const block = after && pairBlock(ctx, after);
  if (!block) return undefined;
  const at = ctx.lines.lineEnd(block.lastLine);
  return { start: at, end: at, newText: lines.map((l) => ctx.eol + ' '.repeat(block.column) + l).join('') };
}

export const invalidTargetFix: QuickFixProvider = {
  codes: ['invalid-target'],
  provide(ctx, target) {
    const { host, scheme, path } = target.data;
    if (typeof host !== 'string' || (scheme !== 'http' && scheme !== 'https') || typeof path !== 'string') return [];
    // user:password@host wants basic_auth, and a query string wants params: not a mechanical rewrite.
    if (host === '' || /[@\s?#]/.test(host) || /[?#]/.test(path)) return [];
    const owner = ownerAt(ctx, target.start);
    if (!owner || !URL.test(String(owner.node.value).trim())) return [];
    const wants = wantsOf(String(owner.node.value));
    if (wants.scheme !== scheme || (wants.path ?? '') !== (path === '/' ? '' : path)) return [];

    const currentScheme = String((findEntry(owner.entries, 'scheme')?.value as Scalar | null)?.value ?? 'http').toLowerCase();
    const pathKey = owner.kind === 'job' ? 'metrics_path' : 'path_prefix';
    const currentPath = String((findEntry(owner.entries, pathKey)?.value as Scalar | null)?.value ?? (owner.kind === 'job' ? '/metrics' : '/'));
    const newScheme = scheme !== currentScheme ? scheme : null;
    const newPath = wants.path !== null && wants.path !== currentPath ? wants.path : null;
    // An Alertmanager path is a prefix of its API paths, not the URL written here: leave that to the user.
    if (newPath !== null && owner.kind !== 'job') return [];

    if (newScheme !== null || newPath !== null) {
      // Service discovery targets and relabeling (__scheme__, __metrics_path__) would change too, unseen.
      if (owner.entries.some((e) => e.key.endsWith('_sd_configs') || e.key === 'relabel_configs')) return [];
      const after: Wants = { scheme: newScheme ?? currentScheme, path: newPath ?? currentPath };
      for (const other of owner.others) {
        const w = wantsOf(String(other.value));
        const schemeOk = w.scheme === null ? newScheme === null : w.scheme === after.scheme;
        const pathOk = w.path === null ? newPath === null : w.path === after.path;
        if (!schemeOk || !pathOk) return [];
      }
    }

    const edits: OffsetEdit[] = [{ start: owner.node.range![0], end: owner.node.range![1], newText: encodeAddress(owner.node, host) }];
    const adds: KeyClaim[] = [];
    const lines: string[] = [];
    const said: string[] = [];
    for (const [key, value] of [['scheme', newScheme], [pathKey, newPath]] as const) {
      if (value === null) continue;
      const edit = setKey(owner, key, value, lines);
      if (edit === undefined) return [];
      if (edit === 'insert') adds.push({ map: owner.map, key });
      else edits.push(edit);
      said.push(`${key}: ${value}`);
    }
    if (lines.length) {
      const insert = insertLines(ctx, owner.map, lines);
      if (!insert) return [];
      edits.push(insert);
    }
    const title = `Change to ${host}${said.length ? ` and set ${said.join(', ')}` : ''}`;
    return [{ title, edits, preferred: true, safe: true, adds }];
  },
};
