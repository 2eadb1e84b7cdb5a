/**
 * Splits a walk over the whole document into the part outside the scrape jobs (a rule's `check`) and one part
 * per job (its `checkJob`), so that together they visit exactly what one walk from the root would. The
 * credential rules share one walk per job: credentialSites.
 */
import { type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from './nodeKinds';
import type { ConfigModel, Job } from './model';
import { isMappingItem, listItem } from './incremental';

/** Returned by a callback: do not walk into this node. */
export const SKIP = Symbol('skip');

/**
 * What a walk calls, in document order, parents before children (as the `yaml` package's `visit`, which
 * costs far more on a large file: it builds a frozen path array for every node). Aliases are not followed.
 */
export interface Visitor {
  Map?(map: YAMLMap): void | typeof SKIP;
  Seq?(seq: YAMLSeq): void | typeof SKIP;
  Pair?(pair: Pair): void | typeof SKIP;
}

/** Walks `node` and everything under it, keys included. */
export function walk(node: unknown, v: Visitor): void {
  if (node === null || typeof node !== 'object') return;
  if (isPair(node)) {
    if (v.Pair?.(node) === SKIP) return;
    walk(node.key, v);
    walk(node.value, v);
  } else if (isMap(node)) {
    if (v.Map?.(node) === SKIP) return;
    for (const item of node.items) walk(item, v);
  } else if (isSeq(node)) {
    if (v.Seq?.(node) === SKIP) return;
    for (const item of node.items) walk(item, v);
  } else if (!isScalar(node)) {
    return;
  }
}

/** Walks the document from its root, except the scrape jobs' mappings (each is its job's, for checkJob). */
export function walkOutsideJobs(model: ConfigModel, v: Visitor): void {
  if (!model.root) return;
  const jobList = model.scrapeConfigs?.value;
  walk(model.root, {
    ...v,
    Seq(seq) {
      if (seq !== jobList) return v.Seq?.(seq);
      if (v.Seq?.(seq) === SKIP) return SKIP;
      // A non-mapping item is no job's: walk it here, as the whole walk would.
      const items = seq.items;
      for (let i = 0; i < items.length; i++) if (!isMappingItem(items, i)) walk(items[i] as Node, v);
      return SKIP;
    },
  });
}

/** Whether the job's mapping is written as its item (an alias item is walked where its mapping is written). */
function isJobWritten(model: ConfigModel, job: Job): job is Job & { node: YAMLMap } {
  const list = model.scrapeConfigs?.value;
  return job.node !== null && isSeq(list) && listItem(list.items, job.index) === job.node;
}

/** The keys an HTTP client config sets credentials with (prometheus/common config/http_config.go). */
const CREDENTIAL_KEYS: ReadonlySet<string> = new Set(['basic_auth', 'authorization', 'oauth2', 'bearer_token', 'bearer_token_file']);

/** Where a job sets credentials, in the order a walk visits them. */
export interface CredentialSites {
  /** Mappings with at least one credential key. */
  readonly maps: readonly YAMLMap[];
  /** Pairs whose key is a scalar credential key. */
  readonly pairs: readonly Pair[];
}

export function isCredentialKey(key: unknown): boolean {
  // A key that is not a string (a number, a boolean, `<<`) names no credential.
  if (!isScalar(key)) return false;
  const v = key.value;
  return typeof v === 'string' && CREDENTIAL_KEYS.has(v);
}

function collectCredentialSites(node: unknown, maps: YAMLMap[], pairs: Pair[]): void {
  if (node === null || typeof node !== 'object') return;
  if (isPair(node)) {
    if (isCredentialKey(node.key)) pairs.push(node);
    collectCredentialSites(node.key, maps, pairs);
    collectCredentialSites(node.value, maps, pairs);
  } else if (isMap(node)) {
    const items = node.items;
    for (let i = 0; i < items.length; i++) {
      if (isCredentialKey(items[i].key)) {
        maps.push(node);
        break;
      }
    }
    for (let i = 0; i < items.length; i++) collectCredentialSites(items[i], maps, pairs);
  } else if (isSeq(node)) {
    const items = node.items;
    for (let i = 0; i < items.length; i++) collectCredentialSites(items[i], maps, pairs);
  }
}

const NO_SITES: CredentialSites = { maps: [], pairs: [] };
/**
 * The last job's sites: the rules that read them run one after another on each job, so one walk serves all. Keyed by
 * the job's mapping and index, not the mapping alone: two items of one list may share a mapping (an alias), and only
 * the one that writes it has its sites. A mapping is in one model only, or (parsed job by job) always its own item.
 */
let lastIndex = -1;
let lastNode: YAMLMap | null = null;
let lastSites = NO_SITES;

/** Where one job's mapping sets credentials, as a walk of the job's own mapping would visit them. */
export function credentialSites(model: ConfigModel, job: Job): CredentialSites {
  const node = job.node;
  if (node === lastNode && job.index === lastIndex) return lastSites;
  let sites = NO_SITES;
  if (isJobWritten(model, job)) {
    const maps: YAMLMap[] = [];
    const pairs: Pair[] = [];
    collectCredentialSites(node, maps, pairs);
    if (maps.length !== 0 || pairs.length !== 0) sites = { maps, pairs };
  }
  lastIndex = job.index;
  lastNode = node;
  lastSites = sites;
  return sites;
}
