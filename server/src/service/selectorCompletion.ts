/**
 * Where the cursor is inside a `match[]` selector, for completion from the target's API (pure): a metric name,
 * a label name, or the value of a label, with the prefix typed so far and the document span it replaces.
 * Rendering the fetched names as completion items is here too; the fetch is in server/src/preview/.
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { mapScalarSource, scalarSpan } from './scalarOffsets';
import { spanOf, type ConfigModel } from './model';
import { planJob, type JobPlan } from './preview';
import type { LiveSettings } from './settings';
import type { Span } from './types';

export interface SelectorCompletionContext {
  readonly kind: 'metric' | 'label-name' | 'label-value';
  /** The label whose values to offer (kind 'label-value'). */
  readonly label?: string;
  /** What is typed so far of the name or value. */
  readonly prefix: string;
  /** The document span the completion replaces (the prefix). */
  readonly replace: Span;
  /** The PromQL quote the value sits in (kind 'label-value'). */
  readonly quote?: string;
  /** The YAML scalar style, to escape an inserted value for it. */
  readonly yamlStyle: 'plain' | 'single' | 'double' | 'block';
  readonly plan: JobPlan;
}

type State = 'metric' | 'name' | 'op' | 'value' | 'after' | 'closed';

/** Scans the selector text before the cursor (a small PromQL lexer: names, ops, quoted strings with escapes). */
export function selectorStateAt(text: string): { kind: SelectorCompletionContext['kind']; label?: string; prefix: string; quote?: string } | undefined {
  let state: State = 'metric';
  let current = '';
  let label = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    switch (state) {
      case 'metric':
        if (ch === '{') {
          state = 'name';
          current = '';
        } else if (/[A-Za-z0-9_:]/.test(ch)) current += ch;
        else if (!/\s/.test(ch)) return undefined;
        break;
      case 'name':
        if (/[A-Za-z0-9_]/.test(ch)) current += ch;
        else if (ch === ',' || /\s/.test(ch)) {
          if (ch === ',') current = '';
          else if (current) {
            label = current;
            state = 'op';
          }
        } else if (ch === '=' || ch === '!') {
          label = current;
          state = 'op';
        } else if (ch === '}') state = 'closed';
        else return undefined;
        break;
      case 'op':
        if (ch === '"' || ch === "'" || ch === '`') {
          quote = ch;
          current = '';
          state = 'value';
        } else if (!/[=!~\s]/.test(ch)) return undefined;
        break;
      case 'value':
        if (ch === '\\' && quote !== '`') {
          current += text[i + 1] ?? '';
          i++;
        } else if (ch === quote) state = 'after';
        else current += ch;
        break;
      case 'after':
        if (ch === ',') {
          state = 'name';
          current = '';
        } else if (ch === '}') state = 'closed';
        else if (!/\s/.test(ch)) return undefined;
        break;
      case 'closed':
        return undefined;
    }
  }
  if (state === 'metric') return { kind: 'metric', prefix: current };
  if (state === 'name') return { kind: 'label-name', prefix: current };
  if (state === 'value') return { kind: 'label-value', label, prefix: current, quote };
  return undefined;
}

/** The completion context at `offset`, when it is inside a `match[]` selector of a federation job. */
export function analyzeSelectorCompletion(model: ConfigModel, offset: number, live: LiveSettings): SelectorCompletionContext | undefined {
  for (const job of model.jobs) {
    // Only the job at the cursor: another job's selectors would be read (and parsed again, incremental.ts) for nothing.
    if (!job.isFederation || offset < job.span.start || offset > job.span.end) continue;
    for (const ref of job.selectors) {
      const span = spanOf(ref.node);
      if (offset < span.start || offset > span.end) continue;
      const map = mapScalarSource(ref.node);
      if (!map || offset < map.contentStart || offset > map.contentEnd) return undefined;
      // How many decoded characters lie before the cursor.
      let typed = 0;
      while (typed < map.starts.length && map.starts[typed] < offset) typed++;
      const state = selectorStateAt(map.value.slice(0, typed));
      if (!state) return undefined;
      const replace = scalarSpan(ref.node, typed - state.prefix.length, typed);
      const t = ref.node.type;
      const yamlStyle = t === 'QUOTE_SINGLE' ? 'single' : t === 'QUOTE_DOUBLE' ? 'double' : t === 'PLAIN' ? 'plain' : 'block';
      return { ...state, replace: state.prefix === '' ? { start: offset, end: offset } : replace, yamlStyle, plan: planJob(model, job, live) };
    }
  }
  return undefined;
}

/** A value as it must be written: escaped for its PromQL quote, then for the YAML scalar around it. */
export function escapeValue(value: string, ctx: Pick<SelectorCompletionContext, 'quote' | 'yamlStyle'>): string {
  let v = value;
  if (ctx.quote && ctx.quote !== '`') v = v.replace(/\\/g, '\\\\').split(ctx.quote).join(`\\${ctx.quote}`).replace(/\n/g, '\\n');
  if (ctx.yamlStyle === 'single') v = v.replace(/'/g, "''");
  if (ctx.yamlStyle === 'double') v = v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return v;
}

/** The fetched names or values as completion items replacing the prefix. */
export function renderSelectorItems(ctx: SelectorCompletionContext, values: readonly string[], lines: { range(start: number, end: number): import('vscode-languageserver-types').Range }, source: string): CompletionItem[] {
  const range = lines.range(ctx.replace.start, ctx.replace.end);
  const kind = ctx.kind === 'label-value' ? CompletionItemKind.Value : ctx.kind === 'metric' ? CompletionItemKind.Variable : CompletionItemKind.Field;
  const detail = ctx.kind === 'label-value' ? `value of ${ctx.label} on ${source}` : ctx.kind === 'metric' ? `metric on ${source}` : `label on ${source}`;
  const names = ctx.kind === 'label-name' ? values.filter((v) => v !== '__name__') : values;
  // Legacy names only where the selector cannot quote them.
  const usable = ctx.kind === 'label-value' ? names : names.filter((n) => /^[A-Za-z_:][A-Za-z0-9_:]*$/.test(n));
  return usable.map((v, i) => ({
    label: v,
    kind,
    detail,
    sortText: String(i).padStart(5, '0'),
    filterText: v,
    textEdit: { range, newText: ctx.kind === 'label-value' ? escapeValue(v, ctx) : v },
  }));
}
