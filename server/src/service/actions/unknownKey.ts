/**
 * An unknown key close to a known one: rename it to the key the diagnostic suggests (the schema's "did you mean"),
 * keeping its quoting. Keys too new for the configured Prometheus version or removed from it carry no suggestion:
 * renaming them would be a guess.
 */
import { type Node } from 'yaml';
import { isScalar } from '../nodeKinds';
import { keyText } from '../model';
import { encodeScalar, ownPair, pairAt, styleOf } from './yamlText';
import type { QuickFixProvider } from './types';

export const unknownKeyFix: QuickFixProvider = {
  codes: ['unknown-key'],
  provide(ctx, target) {
    const { key, suggestion } = target.data;
    if (typeof key !== 'string' || typeof suggestion !== 'string' || suggestion === '' || suggestion === key) return [];
    const loc = pairAt(ctx.model, target.start);
    const node = loc?.pair.key as Node | undefined;
    if (!loc || !isScalar(node) || !node.range || node.range[0] !== target.start || keyText(node) !== key) return [];
    const style = styleOf(node);
    const newText = style === 'PLAIN' ? suggestion : encodeScalar(suggestion, style);
    // Renaming onto a key the mapping already has would only trade this error for a duplicate.
    const clash = !!ownPair(loc.map, suggestion);
    return [
      { title: `Change to ${suggestion}`, edits: [{ start: node.range[0], end: node.range[1], newText }], preferred: !clash, safe: !clash, adds: [{ map: loc.map, key: suggestion }] },
    ];
  },
};
