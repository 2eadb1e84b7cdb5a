/**
 * Splits a walk over the whole document into the part outside the scrape jobs (a rule's `check`) and one part
 * per job (its `checkJob`), so that together they visit exactly what one walk from the root would.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ConfigModel, Job } from './model';

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

/** Walks the document from its root, except the scrape jobs' mappings (each is walkJob's). */
export function walkOutsideJobs(model: ConfigModel, v: Visitor): void {
  if (!model.root) return;
  const jobList = model.scrapeConfigs?.value;
  walk(model.root, {
    ...v,
    Seq(seq) {
      if (seq !== jobList) return v.Seq?.(seq);
      if (v.Seq?.(seq) === SKIP) return SKIP;
      // A non-mapping item is no job's: walk it here, as the whole walk would.
      for (const item of seq.items) if (!isMap(item)) walk(item as Node, v);
      return SKIP;
    },
  });
}

/** Walks one job's mapping where it is written (an alias item is walked where its mapping is written). */
export function walkJob(model: ConfigModel, job: Job, v: Visitor): void {
  const list = model.scrapeConfigs?.value;
  if (!job.node || !isSeq(list) || list.items[job.index] !== job.node) return;
  walk(job.node, v);
}
