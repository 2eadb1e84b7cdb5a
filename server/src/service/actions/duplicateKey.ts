/** A key written twice in one mapping: drop this occurrence, or keep it and drop the others. */
import { keyText } from '../model';
import { deletePair, pairAt } from './yamlText';
import type { OffsetEdit, QuickFixProvider } from './types';

/** Sorts deletions and merges the ones that touch or overlap (a `- key:` removal can reach into the next line). */
export function mergeDeletions(edits: readonly OffsetEdit[]): OffsetEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: OffsetEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start < last.end && last.newText === '' && e.newText === '') out[out.length - 1] = { start: last.start, end: Math.max(last.end, e.end), newText: '' };
    else out.push(e);
  }
  return out;
}

export const duplicateKeyFix: QuickFixProvider = {
  codes: ['duplicate-key'],
  provide(ctx, target) {
    const span = target.data.pairSpan as { start?: unknown } | undefined;
    const at = typeof span?.start === 'number' ? span.start : target.start;
    const loc = pairAt(ctx.model, at) ?? pairAt(ctx.model, target.start);
    if (!loc) return [];
    const key = keyText(loc.pair.key);
    if (key === undefined) return [];
    const same = loc.map.items.filter((p) => keyText(p.key) === key);
    if (same.length < 2) return [];
    const fixes = [];
    const self = deletePair(ctx, loc.map, loc.pair);
    if (self) fixes.push({ title: `Remove this occurrence of ${key}`, edits: [self], preferred: true, safe: true });
    const others = same.filter((p) => p !== loc.pair).map((p) => deletePair(ctx, loc.map, p));
    if (others.length && others.every((e): e is OffsetEdit => !!e)) {
      fixes.push({ title: `Keep this ${key}, remove the other${others.length > 1 ? 's' : ''}`, edits: mergeDeletions(others), safe: false });
    }
    return fixes;
  },
};
