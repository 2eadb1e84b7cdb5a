/** An unknown key close to a known one: rename it, keeping its quoting. */
import { isScalar, type Node } from 'yaml';
import { keyText } from '../model';
import { suggestKey, type KeyBlock } from './knownKeys';
import { encodeScalar, ownPair, pairAt, styleOf } from './yamlText';
import type { ActionContext, QuickFixProvider } from './types';

function blockOf(ctx: ActionContext, map: unknown): KeyBlock | undefined {
  if (map === ctx.model.root) return 'top';
  if (map === ctx.model.global?.value) return 'global';
  if (ctx.model.jobs.some((j) => j.node === map)) return 'scrape';
  return undefined;
}

export const unknownKeyFix: QuickFixProvider = {
  codes: ['unknown-key'],
  provide(ctx, target) {
    const loc = pairAt(ctx.model, target.start);
    if (!loc || !isScalar(loc.pair.key)) return [];
    const key = keyText(loc.pair.key);
    if (key === undefined) return [];
    if (typeof target.data.key === 'string' && target.data.key !== key) return [];
    const given = target.data.suggestion ?? (Array.isArray(target.data.suggestions) ? target.data.suggestions[0] : undefined);
    const block = blockOf(ctx, loc.map);
    const suggestion = typeof given === 'string' ? given : block ? suggestKey(key, block) : undefined;
    if (!suggestion || suggestion === key) return [];
    const node = loc.pair.key as Node;
    if (!node.range) return [];
    const style = styleOf(node);
    const newText = style === 'PLAIN' ? suggestion : encodeScalar(suggestion, style);
    // Renaming onto a key the mapping already has would only trade this error for a duplicate.
    const clash = !!ownPair(loc.map, suggestion);
    return [{ title: `Change to ${suggestion}`, edits: [{ start: node.range[0], end: node.range[1], newText }], preferred: !clash, safe: !clash }];
  },
};
