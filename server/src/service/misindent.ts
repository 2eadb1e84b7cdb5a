/**
 * The outdented job: a `- job_name:` item indented less than the other items of `scrape_configs`. YAML
 * then reads it as something else entirely, and yaml.v2 stops with "did not find expected key".
 */
import type { LineIndex } from './ranges';
import type { Finding } from './types';

const SCRAPE_CONFIGS = /^scrape_configs[ \t]*:[ \t]*(?:#.*)?$/;
const ITEM = /^( *)-(?:[ \t]|$)/;

/**
 * `list`: a job list split by chunks.ts (splitJobs), whose lines are all indented at least `itemIndent` deep: an
 * outdented item can only follow it, so the scan starts at the line of `suffixStart` (the same findings, without
 * reading 150 000 lines of a large list at every version while a job is broken).
 */
export function findMisindentedItems(text: string, lines: LineIndex, list?: { readonly suffixStart: number; readonly itemIndent: number }): Finding[] {
  const findings: Finding[] = [];
  let line = 0;
  let itemIndent = -1;
  if (list) {
    if (list.suffixStart >= text.length) return findings;
    line = lines.lineAt(list.suffixStart);
    itemIndent = list.itemIndent;
  } else {
    while (line < lines.lineCount && !SCRAPE_CONFIGS.test(text.slice(lines.lineStart(line), lines.lineEnd(line)))) line++;
    line++;
  }
  for (; line < lines.lineCount; line++) {
    const start = lines.lineStart(line);
    const content = text.slice(start, lines.lineEnd(line));
    const trimmed = content.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = content.length - trimmed.length;
    const item = ITEM.exec(content);
    if (indent === 0 && !item) break; // the next top-level key
    if (!item) continue;
    if (itemIndent < 0) {
      itemIndent = item[1].length;
      continue;
    }
    if (item[1].length >= itemIndent) continue;
    // The item's block: following lines indented deeper than its dash.
    let last = line;
    for (let next = line + 1; next < lines.lineCount; next++) {
      const c = text.slice(lines.lineStart(next), lines.lineEnd(next));
      const t = c.trimStart();
      if (t === '' || t.startsWith('#')) continue;
      if (c.length - t.length <= item[1].length) break;
      last = next;
    }
    findings.push({
      code: 'misindented-item',
      start: start + item[1].length,
      end: lines.lineEnd(line),
      message:
        `This list item starts at column ${item[1].length + 1} but the other scrape_configs items start at column ${itemIndent + 1}, ` +
        `so YAML does not read it as a job of the list (Prometheus: yaml: did not find expected key).`,
      data: { expectedIndent: itemIndent, actualIndent: item[1].length, firstLine: line, lastLine: last },
    });
  }
  return findings;
}
