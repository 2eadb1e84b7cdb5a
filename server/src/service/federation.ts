/**
 * Per-job facts the federation rules share, computed once per job: static targets, and where a new key
 * would go in a job (for the quick fixes that add `honor_labels: true` and the like).
 */
import { type Scalar } from 'yaml';
import { isMap, isScalar, isSeq } from './nodeKinds';
import type { ConfigModel, Job } from './model';
import { entriesOf, findEntry, MemoKey, resolve, spanOf } from './model';
import type { Span } from './types';

export interface StaticTarget {
  /** host:port, lower-cased, scheme and path dropped: the key two jobs are compared by. */
  readonly address: string;
  readonly node: Scalar;
  /** Read from the node each time: a job kept across versions moves with its nodes. */
  readonly span: Span;
}

class Target implements StaticTarget {
  constructor(
    readonly address: string,
    readonly node: Scalar,
  ) {}
  get span(): Span {
    return spanOf(this.node);
  }
}

/** Per job: a job whose text did not change keeps its parse, and so its targets, across versions. */
const TARGETS = new MemoKey<readonly StaticTarget[]>('static targets');

/** Normalizes a target the way two jobs would reach the same server. */
export function targetAddress(raw: string): string {
  return raw.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '');
}

/** The static_configs targets of a job (SD-discovered targets are unknown here). */
export function staticTargets(model: ConfigModel, job: Job): readonly StaticTarget[] {
  if (!job.node) return [];
  const known = job.memo.get(TARGETS);
  if (known) return known;
  const doc = model.document.yaml;
  const out: StaticTarget[] = [];
  const statics = job.get('static_configs')?.value;
  if (isSeq(statics)) {
    for (const group of statics.items) {
      const g = resolve(group, doc);
      if (!isMap(g)) continue;
      const targets = findEntry(entriesOf(g, doc), 'targets')?.value;
      if (!isSeq(targets)) continue;
      for (const raw of targets.items) {
        const t = resolve(raw, doc);
        if (!isScalar(t) || t.value === null || String(t.value).trim() === '') continue;
        out.push(new Target(targetAddress(String(t.value)), t));
      }
    }
  }
  return job.memo.set(TARGETS, out);
}

export interface KeyInsertion {
  /** Insert `insertText` at this offset. */
  readonly insertAfterOffset: number;
  /** Column of the job's keys. */
  readonly indent: number;
  readonly insertText: string;
}

/**
 * How to add `key: value` to a job: a new line after job_name in block style (ending the job_name line with the
 * document's own line break), `, key: value` in flow style.
 */
export function keyInsertion(model: ConfigModel, job: Job, key: string, value: string): KeyInsertion | undefined {
  const first = job.nameEntry ?? job.entries.find((e) => !e.merged);
  if (!first || !job.node) return undefined;
  const lines = model.document.lines;
  const keyStart = spanOf(first.keyNode).start;
  const indent = keyStart - lines.lineStart(lines.lineAt(keyStart));
  const valueEnd = first.value?.range ? first.value.range[1] : spanOf(first.keyNode).end;
  if (job.node.flow) return { insertAfterOffset: valueEnd, indent, insertText: `, ${key}: ${value}` };
  const lastLine = lines.lineAt(Math.max(keyStart, valueEnd - 1));
  return { insertAfterOffset: lines.lineEnd(lastLine), indent, insertText: `${lines.lineBreak()}${' '.repeat(indent)}${key}: ${value}` };
}
