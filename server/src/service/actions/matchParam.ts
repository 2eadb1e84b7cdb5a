/**
 * A misspelt `match[]` key under params (`match`, `matches[]`, `'match[] '`): rename it, keeping its quoting. The rule
 * (federate-no-match) says which key it means in `keySpan`; without one (no params, an empty list, nothing close
 * to match[]) there is nothing to rename.
 */
import { type Node } from 'yaml';
import { isMap, isScalar } from '../nodeKinds';
import { encodeScalar, ownPair, pairAt, styleOf } from './yamlText';
import type { QuickFixProvider } from './types';

export const matchParamFix: QuickFixProvider = {
  codes: ['federate-no-match'],
  provide(ctx, target) {
    const { jobIndex, keySpan, suggested } = target.data as { jobIndex?: unknown; keySpan?: { start?: unknown; end?: unknown }; suggested?: unknown };
    if (typeof jobIndex !== 'number' || typeof keySpan?.start !== 'number' || typeof keySpan.end !== 'number') return [];
    const key = suggested ?? 'match[]';
    if (key !== 'match[]') return [];
    const job = ctx.model.jobs[jobIndex];
    const params = job?.node ? ownPair(job.node, 'params')?.value : undefined;
    if (!isMap(params) || ownPair(params, key)) return [];
    const hit = pairAt(ctx.model, keySpan.start);
    const node = hit?.pair.key as Node | undefined;
    if (!hit || hit.map !== params || !isScalar(node) || !node.range || node.range[0] !== keySpan.start || node.range[1] !== keySpan.end) return [];
    const style = styleOf(node);
    // `match[]` is a valid plain key in block context, not in a flow mapping (brackets are flow indicators there);
    // keep the author's quotes when there were any.
    const newText = style === 'PLAIN' && !params.flow ? key : encodeScalar(key, style);
    return [{ title: `Change to ${key}`, edits: [{ start: node.range[0], end: node.range[1], newText }], preferred: true, safe: true, adds: [{ map: params, key }] }];
  },
};
