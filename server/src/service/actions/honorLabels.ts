/** `honor_labels: true` for a federation job: add the key after job_name, or flip a false value. */
import { type Node, type Pair } from 'yaml';
import { isScalar } from '../nodeKinds';
import { keyInsertion } from '../federation';
import type { Job } from '../model';
import { contentEnd, insertEntry, ownPair, pairBlock } from './yamlText';
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

function isSpan(value: unknown): value is { start: number; end: number } {
  const v = value as { start?: unknown; end?: unknown } | null;
  return !!v && typeof v.start === 'number' && typeof v.end === 'number';
}

/**
 * The fix as the rule (federate-honor-labels) describes it: the false value at `valueSpan` becomes true, or
 * `insertText` goes in at `insertAfterOffset`. Each is checked against the job the diagnostic names first.
 */
export const honorLabelsFix: QuickFixProvider = {
  codes: ['federate-honor-labels'],
  provide(ctx, target) {
    const { jobIndex, hasKey, valueSpan, insertAfterOffset, insertText } = target.data;
    const job = typeof jobIndex === 'number' ? ctx.model.jobs[jobIndex] : undefined;
    const map = job?.node;
    if (!job?.isFederation || !map?.range) return [];
    const own = ownPair(map, 'honor_labels');
    if (hasKey === true && !own) {
      // false comes from a merged mapping (`<<: *base`) other jobs share: override it in this job only.
      const insertion = keyInsertion(ctx.model, job, 'honor_labels', 'true');
      if (!insertion) return [];
      const { insertAfterOffset: at, insertText: text } = insertion;
      return [{ title: 'Add honor_labels: true', edits: [{ start: at, end: at, newText: text }], preferred: true, safe: true, adds: [{ map, key: 'honor_labels' }] }];
    }
    if (hasKey === true) {
      const value = own?.value as Node | null | undefined;
      if (!isSpan(valueSpan) || !isScalar(value) || value.value === true || value.range?.[0] !== valueSpan.start || value.range[1] !== valueSpan.end) return [];
      return [{ title: 'Set honor_labels to true', edits: [{ start: valueSpan.start, end: valueSpan.end, newText: 'true' }], preferred: true, safe: true }];
    }
    if (hasKey !== false || own || typeof insertAfterOffset !== 'number' || typeof insertText !== 'string') return [];
    if (!/^(?:(?:\r\n|\n|\r) *|, )honor_labels: true$/.test(insertText) || insertAfterOffset < map.range[0] || insertAfterOffset > contentEnd(map)) return [];
    return [
      {
        title: 'Add honor_labels: true',
        edits: [{ start: insertAfterOffset, end: insertAfterOffset, newText: insertText }],
        preferred: true,
        safe: true,
        adds: [{ map, key: 'honor_labels' }],
      },
    ];
  },
};
