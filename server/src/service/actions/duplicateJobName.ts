/** A job_name used twice: rename this job to the next free `<name>-<n>`, keeping the quoting. */
import type { Node } from 'yaml';
import { allJobNames } from './jobNames';
import { jobAt, replaceScalar, styleOf } from './yamlText';
import type { QuickFixProvider } from './types';

export const duplicateJobNameFix: QuickFixProvider = {
  codes: ['duplicate-job-name'],
  provide(ctx, target) {
    const job = jobAt(ctx.model, target.start, target.data.jobIndex);
    const node = job?.nameEntry?.value as Node | null | undefined;
    if (!job || job.name === undefined || !node?.range || job.nameEntry?.merged) return [];
    const taken = allJobNames(ctx);
    for (const n of ctx.claimedNames ?? []) taken.add(n);
    let n = 2;
    while (taken.has(`${job.name}-${n}`)) n++;
    const name = `${job.name}-${n}`;
    ctx.claimedNames?.add(name);
    const style = styleOf(node);
    // Append to the name inside its quotes: the smallest edit, and the quoting stays as written.
    const [start, end] = node.range;
    const at = style === 'PLAIN' ? end : style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE' ? end - 1 : -1;
    const edit = at >= start ? { start: at, end: at, newText: `-${n}` } : replaceScalar(node, name);
    return edit ? [{ title: `Rename to ${name}`, edits: [edit], preferred: true, safe: true }] : [];
  },
};
