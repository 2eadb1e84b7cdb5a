/** Tabs Prometheus' YAML loader rejects: replace each with the indentation the line meant (repair.ts). */
import { tabRepairs } from '../repair';
import type { Finding } from '../types';
import type { ActionContext, OffsetEdit, QuickFixProvider } from './types';

function tabFindings(ctx: ActionContext): Finding[] {
  return ctx.model.document.syntax.filter((f) => f.code === 'yaml-tab').sort((a, b) => a.start - b.start);
}

/**
 * Every tab of the file, repaired line after line: each line's intended indentation is computed on the text
 * with the lines above it already repaired, so nested tab-indented lines keep their nesting.
 */
export function fixAllTabs(ctx: ActionContext, findings: readonly Finding[] = tabFindings(ctx)): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  let working = ctx.text;
  let delta = 0;
  for (const f of findings) {
    const data = f.data as { tabs?: number[]; kind?: string } | undefined;
    const shifted: Finding = { ...f, start: f.start + delta, end: f.end + delta, data: { ...data, tabs: (data?.tabs ?? []).map((t) => t + delta) } };
    const edits = tabRepairs(working, [shifted]);
    let local = 0;
    let next = '';
    let at = 0;
    for (const e of edits) {
      next += working.slice(at, e.start) + e.newText;
      at = e.end;
      out.push({ start: e.start - delta - local, end: e.end - delta - local, newText: e.newText });
      local += e.newText.length - (e.end - e.start);
    }
    working = next + working.slice(at);
    delta += local;
  }
  return out;
}

export const yamlTabFix: QuickFixProvider = {
  codes: ['yaml-tab'],
  provide(ctx, target) {
    const all = tabFindings(ctx);
    const line = ctx.lines.lineAt(target.start);
    let mine = all.find((f) => ctx.lines.lineAt(f.start) === line);
    if (!mine && Array.isArray(target.data.tabs)) mine = { code: 'yaml-tab', start: target.start, end: target.end, message: '', data: { ...target.data } };
    if (!mine) return [];
    const one = tabRepairs(ctx.text, [mine]);
    const fixes = [];
    if (one.length) fixes.push({ title: 'Replace the tab with spaces', edits: one, preferred: true, safe: all.length <= 1 });
    if (all.length > 1) fixes.push({ title: 'Fix all tabs in file', edits: fixAllTabs(ctx, all), safe: true });
    return fixes;
  },
};
