/** An outdented `- job_name:` item: move the whole item, every line of it, to the column of its siblings. */
import { findMisindentedItems } from '../misindent';
import { lineText } from './yamlText';
import type { OffsetEdit, QuickFixProvider } from './types';

export const misindentedItemFix: QuickFixProvider = {
  codes: ['misindented-item'],
  provide(ctx, target) {
    const line = ctx.lines.lineAt(target.start);
    const found = findMisindentedItems(ctx.text, ctx.lines).find((f) => ctx.lines.lineAt(f.start) === line);
    const data = (found?.data ?? target.data) as Record<string, unknown>;
    const { expectedIndent, actualIndent, firstLine, lastLine } = data;
    if (typeof expectedIndent !== 'number' || typeof actualIndent !== 'number' || typeof firstLine !== 'number' || typeof lastLine !== 'number') return [];
    const delta = expectedIndent - actualIndent;
    if (delta <= 0 || firstLine !== line || lastLine < firstLine || lastLine >= ctx.lines.lineCount) return [];
    const pad = ' '.repeat(delta);
    const edits: OffsetEdit[] = [];
    for (let l = firstLine; l <= lastLine; l++) {
      if (lineText(ctx, l).trim() === '') continue;
      const at = ctx.lines.lineStart(l);
      edits.push({ start: at, end: at, newText: pad });
    }
    return [{ title: 'Indent this job under scrape_configs', edits, preferred: true, safe: true }];
  },
};
