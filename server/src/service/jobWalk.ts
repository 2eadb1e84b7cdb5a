/**
 * Splits a walk over the whole document into the part outside the scrape jobs (a rule's `check`) and one part
 * per job (its `checkJob`), so that together they visit exactly what one walk from the root would.
 */
import { isMap, isSeq, visit, type Node, type visitor } from 'yaml';

/** The object form of a `yaml` visitor. */
export type Visitor = Exclude<visitor, (...args: never[]) => unknown>;
import type { ConfigModel, Job } from './model';

/** Visits the document from its root, except the scrape jobs' mappings (each is visitJob's). */
export function visitOutsideJobs(model: ConfigModel, v: Visitor): void {
  if (!model.root) return;
  const jobList = model.scrapeConfigs?.value;
  const outer: Visitor = {
    ...v,
    Seq(key, seq, path) {
      if (seq !== jobList) return typeof v.Seq === 'function' ? v.Seq(key, seq, path) : undefined;
      // A non-mapping item is no job's: visit it here, as the whole walk would.
      for (const item of seq.items) if (!isMap(item)) visit(item as Node, v);
      return visit.SKIP;
    },
  };
  visit(model.root, outer);
}

/** Visits one job's mapping where it is written (an alias item is visited where its mapping is written). */
export function visitJob(model: ConfigModel, job: Job, v: Visitor): void {
  const list = model.scrapeConfigs?.value;
  if (!job.node || !isSeq(list) || list.items[job.index] !== job.node) return;
  visit(job.node, v);
}
