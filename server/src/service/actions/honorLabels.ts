/** `honor_labels: true` for a federation job: add the key after job_name, or flip a false value. */
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { Job } from '../model';
import { insertEntry, jobAt, ownPair, pairBlock } from './yamlText';
import type { ActionContext, OffsetEdit, QuickFixProvider } from './types';

/**
 * The edit that makes `honor_labels` true in a job, or undefined when it already is (or cannot be done
 * without guessing). `atLineEnd` inserts a new line at the end of the job_name line instead of at the start
 * of the next one, for callers that edit a copy of the job's lines only.
 */
export function honorLabelsEdit(ctx: ActionContext, job: Job, atLineEnd = false): OffsetEdit | undefined {
  const map = job.node;
  if (!map) return undefined;
  const own = ownPair(map, 'honor_labels');
  if (own) {
    const value = own.value as Node | null;
    if (isScalar(value) && value.value === true) return undefined;
    if (isScalar(value) && value.range && value.value !== null) return { start: value.range[0], end: value.range[1], newText: 'true' };
    // `honor_labels:` with no value.
    const keyEnd = (own.key as Node).range?.[1];
    if (keyEnd === undefined) return undefined;
    const colon = ctx.text.indexOf(':', keyEnd);
    return colon < 0 ? undefined : { start: colon + 1, end: colon + 1, newText: ' true' };
  }
  const inherited = job.get('honor_labels');
  if (inherited && isScalar(inherited.value) && inherited.value.value === true) return undefined;
  const items = map.items as Pair[];
  const after = ownPair(map, 'job_name') ?? items[0];
  if (!after) return undefined;
  if (atLineEnd && !map.flow) {
    const block = pairBlock(ctx, after);
    if (!block) return undefined;
    const at = ctx.lines.lineEnd(block.lastLine);
    return { start: at, end: at, newText: ctx.eol + ' '.repeat(block.column) + 'honor_labels: true' };
  }
  return insertEntry(ctx, map, after, 'honor_labels: true');
}

export const honorLabelsFix: QuickFixProvider = {
  codes: ['federate-honor-labels'],
  provide(ctx, target) {
    const job = jobAt(ctx.model, target.start, target.data.jobIndex);
    if (!job?.node) return [];
    const edit = honorLabelsEdit(ctx, job);
    if (!edit) return [];
    const adds = !ownPair(job.node, 'honor_labels');
    return [
      {
        title: adds ? 'Add honor_labels: true' : 'Set honor_labels to true',
        edits: [edit],
        preferred: true,
        safe: true,
        ...(adds ? { adds: [{ map: job.node, key: 'honor_labels' }] } : {}),
      },
    ];
  },
};
