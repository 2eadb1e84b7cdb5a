/** A misspelt `match[]` key under params (`match`, `matches[]`, `'match[] '`): rename it, keeping its quoting. */
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { keyText } from '../model';
import { editDistance } from './knownKeys';
import { encodeScalar, jobAt, ownPair, pairAt, styleOf } from './yamlText';
import type { QuickFixProvider } from './types';

/** A params key that was meant to be `match[]`. */
export function looksLikeMatch(key: string): boolean {
  if (key === 'match[]') return false;
  const k = key.trim().toLowerCase();
  return /^match(?:es)?\s*(?:\[\s*\]?)?$/.test(k) || editDistance(k.replace(/\s/g, ''), 'match[]') <= 2;
}

export const matchParamFix: QuickFixProvider = {
  codes: ['federate-no-match'],
  provide(ctx, target) {
    const job = jobAt(ctx.model, target.start, target.data.jobIndex);
    if (!job?.node) return [];
    const paramsPair = ownPair(job.node, 'params');
    const params = paramsPair?.value;
    if (!isMap(params) || ownPair(params, 'match[]')) return [];
    let pair: Pair | undefined;
    const keySpan = target.data.keySpan as { start?: unknown } | undefined;
    if (typeof keySpan?.start === 'number') {
      const hit = pairAt(ctx.model, keySpan.start);
      if (hit && hit.map === params) pair = hit.pair;
    }
    pair ??= (params.items as Pair[]).find((p) => looksLikeMatch(keyText(p.key) ?? ''));
    if (!pair || !isScalar(pair.key)) return [];
    const node = pair.key as Node;
    if (!node.range) return [];
    const style = styleOf(node);
    // `match[]` is a valid plain key in block context; keep the author's quotes when there were any.
    const newText = style === 'PLAIN' ? 'match[]' : encodeScalar('match[]', style);
    return [{ title: 'Change to match[]', edits: [{ start: node.range[0], end: node.range[1], newText }], preferred: true, safe: true }];
  },
};
