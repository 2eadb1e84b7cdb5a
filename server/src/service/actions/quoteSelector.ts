/**
 * An unquoted `{...}` selector in match[]: YAML reads it as a flow mapping (Prometheus: cannot unmarshal !!map
 * into string). Quote its text as it stands, in single quotes.
 */
import { type Node, type Pair } from 'yaml';
import { isMap, isSeq } from '../nodeKinds';
import { keyText } from '../model';
import { contains, singleQuoted } from './yamlText';
import type { ActionContext, QuickFixProvider } from './types';

/** The flow mapping that sits as an item of a `match[]` list at `offset`. */
function flowMapSelectorAt(ctx: ActionContext, offset: number): Node | undefined {
  let found: Node | undefined;
  const walk = (node: unknown, underMatch: boolean, depth: number): void => {
    if (!node || depth > 200 || found) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair[]) if (contains(pair.value, offset)) walk(pair.value, keyText(pair.key) === 'match[]', depth + 1);
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (!contains(item, offset)) continue;
        if (underMatch && isMap(item) && item.flow) found = item as Node;
        else walk(item, false, depth + 1);
      }
    }
  };
  walk(ctx.model.root, false, 0);
  return found;
}

export const quoteSelectorFix: QuickFixProvider = {
  codes: ['invalid-type'],
  provide(ctx, target) {
    if (target.data.kind !== undefined && target.data.kind !== 'flow-map-selector') return [];
    const span = target.data.span as { start?: unknown } | undefined;
    const node = (typeof span?.start === 'number' ? flowMapSelectorAt(ctx, span.start) : undefined) ?? flowMapSelectorAt(ctx, target.start);
    if (!node?.range) return [];
    const raw = ctx.text.slice(node.range[0], node.range[1]);
    if (/[\r\n]/.test(raw)) return [];
    return [{ title: 'Quote the selector', edits: [{ start: node.range[0], end: node.range[1], newText: singleQuoted(raw) }], preferred: true, safe: true }];
  },
};
