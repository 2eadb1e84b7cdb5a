/**
 * A selector with redundant regex anchors or a regex without metacharacters: write the simpler equivalent the
 * diagnostic names. Prometheus anchors every matcher regex itself (`^(?:...)$`, model/labels/regexp.go), so `^`
 * and `$` add nothing, and `=~"up"` matches exactly what `="up"` does. The rule (selector-redundant) computes the
 * selector and its YAML scalar; this fix writes it over the selector, once it has checked the selector is still
 * where the diagnostic says.
 */
import type { QuickFixProvider } from './types';

function isSpan(value: unknown): value is { start: number; end: number } {
  const v = value as { start?: unknown; end?: unknown } | null;
  return !!v && typeof v.start === 'number' && typeof v.end === 'number';
}

export const simplifySelectorFix: QuickFixProvider = {
  codes: ['selector-redundant'],
  provide(ctx, target) {
    const { jobIndex, selectorIndex, selectorSpan, simplified, replacement } = target.data;
    if (typeof jobIndex !== 'number' || typeof selectorIndex !== 'number' || !isSpan(selectorSpan)) return [];
    if (typeof simplified !== 'string' || typeof replacement !== 'string' || simplified === '' || replacement === '') return [];
    const selector = ctx.model.jobs[jobIndex]?.selectors.find((s) => s.index === selectorIndex);
    const range = selector?.node.range;
    if (!range || range[0] !== selectorSpan.start || range[1] !== selectorSpan.end || selector!.value === simplified) return [];
    return [{ title: `Simplify to ${simplified}`, edits: [{ start: range[0], end: range[1], newText: replacement }], preferred: true, safe: true }];
  },
};
