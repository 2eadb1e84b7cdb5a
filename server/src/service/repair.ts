/**
 * Prometheus stops at a rejected tab, but promfed reports everything: it parses a copy with each rejected tab
 * replaced by the indentation the author meant, then maps every offset of that parse back to the real text.
 */
import type { Finding } from './types';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** The indentation unit of a file: the smallest step between nested lines, 2 when unknown. */
export function indentUnit(text: string): number {
  const counts = new Map<number, number>();
  let previous = 0;
  const re = /^( *)\S/gm;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(text)) && seen < 2000) {
    const indent = m[1].length;
    if (indent > previous) counts.set(indent - previous, (counts.get(indent - previous) ?? 0) + 1);
    previous = indent;
    seen++;
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount && step <= 8) [best, bestCount] = [step, count];
  return best;
}

/** The whitespace a tab-indented line should start with: aligned with its sibling, or one unit deeper. */
export function intendedIndentation(text: string, lineStart: number, unit: number): string {
  let end = lineStart - 1;
  while (end > 0) {
    let start = end;
    while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
    const line = text.slice(start, end).replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !line.includes('\t')) {
      let column = line.length - line.trimStart().length;
      // A key after `- ` indicators sits right of them.
      const dashes = /^(\s*(?:-\s+)+)/.exec(line);
      if (dashes) column = dashes[1].length;
      const opensBlock = /:\s*(?:#.*)?$/.test(line) || /^-\s*$/.test(trimmed);
      return ' '.repeat(opensBlock ? column + unit : column);
    }
    end = start - 1;
  }
  return '';
}

/** Edits that turn every rejected tab into spaces; attaches the replacement to each finding's data. */
export function tabRepairs(text: string, tabs: Finding[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const unit = indentUnit(text);
  for (const f of tabs) {
    const data = f.data as { tabs: number[]; kind: string };
    let lineStart = f.start;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
    let contentStart = f.end;
    while (contentStart < text.length && (text[contentStart] === ' ' || text[contentStart] === '\t')) contentStart++;
    const blank = contentStart >= text.length || text[contentStart] === '\n' || text[contentStart] === '\r';
    if (blank || data.kind === 'after-indicator' || data.kind === 'block-scalar') {
      for (const t of data.tabs) edits.push({ start: t, end: t + 1, newText: ' ' });
      continue;
    }
    edits.push({ start: lineStart, end: contentStart, newText: intendedIndentation(text, lineStart, unit) });
  }
  return edits.sort((a, b) => a.start - b.start);
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Maps an offset of the edited text back to the original text. */
export function createOffsetMapper(edits: readonly TextEdit[]): (offset: number) => number {
  const points: { newStart: number; newEnd: number; start: number; end: number }[] = [];
  let delta = 0;
  for (const e of edits) {
    const newStart = e.start + delta;
    points.push({ newStart, newEnd: newStart + e.newText.length, start: e.start, end: e.end });
    delta += e.newText.length - (e.end - e.start);
  }
  return (offset) => {
    let shift = 0;
    for (const p of points) {
      if (offset < p.newStart) break;
      if (offset < p.newEnd) return Math.min(p.end, p.start + (offset - p.newStart));
      shift = p.end - p.newEnd;
    }
    return offset + shift;
  };
}
