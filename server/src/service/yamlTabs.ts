/**
 * Finds the tabs Prometheus' YAML loader (yaml.v2) rejects, and only those. The `yaml` package accepts some
 * of them (a tab on a whitespace-only line), so this is our own line scanner.
 * Mirrors gopkg.in/yaml.v2 scannerc.go: yaml_parser_scan_to_next_token, yaml_parser_scan_plain_scalar and
 * yaml_parser_scan_block_scalar_breaks.
 */
import type { Finding } from './types';

export const TAB_CANNOT_START = 'found character that cannot start any token';
export const TAB_VIOLATES_INDENT = 'found a tab character that violates indentation';
export const TAB_BLOCK_SCALAR = 'found a tab character where an indentation space is expected';

interface LineInfo {
  readonly start: number;
  readonly end: number;
}

function splitLines(text: string): LineInfo[] {
  const lines: LineInfo[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start, end: i });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: text.length });
  return lines;
}

const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>](?:[1-9][+-]?|[+-][1-9]?)?$/;

/** Scans a line's content outside quotes: flow depth change, comment start, whether it ends a plain scalar. */
interface LineScan {
  /** Offset where the line's content (after indentation) starts. */
  contentStart: number;
  /** End of the content before a trailing comment and blanks. */
  contentEnd: number;
  /** Quote state carried to the next line (multi-line quoted scalar). */
  openQuote: '"' | "'" | null;
  flowDepth: number;
  /** Column of the innermost block mapping key on this line (for the plain-scalar indent rule). */
  keyColumn: number;
  /** The last token of the line is a plain scalar. */
  endsPlain: boolean;
  /** The line opens a block scalar (`|` or `>` header). */
  blockScalar: boolean;
  /** Offsets of tabs right after a `-` or `?` indicator, before the item's content. */
  tabsAfterIndicator: number[];
  /** Where the quote still open at the end of the line was opened. */
  openQuoteAt: number;
  /** Where the last quote closed on this line, or -1. */
  closedQuoteAt: number;
}

function scanLine(text: string, line: LineInfo, quote: '"' | "'" | null, flowDepth: number): LineScan {
  let i = line.start;
  const scan: LineScan = {
    contentStart: line.start,
    contentEnd: line.start,
    openQuote: quote,
    flowDepth,
    keyColumn: -1,
    endsPlain: false,
    blockScalar: false,
    tabsAfterIndicator: [],
    openQuoteAt: -1,
    closedQuoteAt: -1,
  };
  if (quote === null) {
    while (i < line.end && (text[i] === ' ' || text[i] === '\t')) i++;
  }
  scan.contentStart = i;
  let lastKind: 'none' | 'plain' | 'quoted' | 'indicator' | 'flow' = 'none';
  let atTokenStart = true;
  let commentAt = -1;
  while (i < line.end) {
    const c = text[i];
    if (scan.openQuote) {
      if (scan.openQuote === '"' && c === '\\') {
        i += 2;
        continue;
      }
      if (c === scan.openQuote) {
        if (c === "'" && text[i + 1] === "'") {
          i += 2;
          continue;
        }
        scan.openQuote = null;
        scan.closedQuoteAt = i;
        lastKind = 'quoted';
        scan.contentEnd = i + 1;
      }
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      atTokenStart = true;
      i++;
      continue;
    }
    if (c === '#' && (i === line.start || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      // A comment ends a plain scalar: yaml.v2 stops looking for a continuation.
      if (lastKind === 'plain') {
        lastKind = 'none';
        commentAt = i;
      }
      break;
    }
    if ((c === '"' || c === "'") && atTokenStart) {
      scan.openQuote = c;
      scan.openQuoteAt = i;
      i++;
      continue;
    }
    if ((c === '-' || c === '?') && atTokenStart && (i + 1 >= line.end || text[i + 1] === ' ' || text[i + 1] === '\t')) {
      // yaml.v2 allows simple keys after '-' and '?', so a tab before the item's content cannot start a token.
      let j = i + 1;
      while (j < line.end && (text[j] === ' ' || text[j] === '\t')) {
        if (text[j] === '\t' && scan.flowDepth === 0) scan.tabsAfterIndicator.push(j);
        j++;
      }
      if (j < line.end && text[j] === '#') scan.tabsAfterIndicator.length = 0;
      lastKind = 'indicator';
      scan.contentEnd = i + 1;
      i = j;
      continue;
    }
    if (c === '[' || c === '{') {
      scan.flowDepth++;
      lastKind = 'flow';
      scan.contentEnd = i + 1;
      i++;
      atTokenStart = true;
      continue;
    }
    if (c === ']' || c === '}') {
      scan.flowDepth = Math.max(0, scan.flowDepth - 1);
      lastKind = 'flow';
      scan.contentEnd = i + 1;
      i++;
      continue;
    }
    if (c === ',' && scan.flowDepth > 0) {
      lastKind = 'flow';
      atTokenStart = true;
      i++;
      continue;
    }
    if (c === ':' && (i + 1 >= line.end || text[i + 1] === ' ' || text[i + 1] === '\t' || scan.flowDepth > 0)) {
      if (scan.flowDepth === 0) {
        // The key starts after the last indicator or at the content start.
        scan.keyColumn = keyColumnBefore(text, line.start, scan.contentStart, i);
      }
      lastKind = 'indicator';
      scan.contentEnd = i + 1;
      i++;
      atTokenStart = true;
      continue;
    }
    lastKind = 'plain';
    atTokenStart = false;
    i++;
    scan.contentEnd = i;
  }
  scan.endsPlain = lastKind === 'plain' && scan.flowDepth === 0 && scan.openQuote === null;
  if ((lastKind === 'plain' || commentAt >= 0) && scan.flowDepth === 0) {
    const content = text.slice(scan.contentStart, commentAt >= 0 ? commentAt : line.end).trimEnd();
    if (BLOCK_SCALAR_HEADER.test(content)) {
      scan.blockScalar = true;
      scan.endsPlain = false;
    }
  }
  return scan;
}

function keyColumnBefore(text: string, lineStart: number, contentStart: number, colon: number): number {
  let k = contentStart;
  // Skip `- ` indicators in front of the key.
  while (k < colon && text[k] === '-' && (text[k + 1] === ' ' || text[k + 1] === '\t')) {
    k++;
    while (k < colon && (text[k] === ' ' || text[k] === '\t')) k++;
  }
  return k - lineStart;
}

/** All tabs in `text` that yaml.v2 rejects, one finding per offending line. Code: `yaml-tab`. */
export function findRejectedTabs(text: string): Finding[] {
  if (text.indexOf('\t') < 0) return [];
  const findings: Finding[] = [];
  const lines = splitLines(text);
  let quote: '"' | "'" | null = null;
  let flowDepth = 0;
  // After a line ending in a plain scalar, yaml.v2 keeps scanning blanks for a continuation: a tab left of
  // the mapping's indentation there "violates indentation".
  let plainIndent = -1;
  // Block scalar state: the indentation of the parent and, once known, of the content.
  let blockParent = -1;
  let blockIndent = -1;

  const report = (line: LineInfo, from: number, message: string, kind: string) => {
    let to = from;
    while (to < line.end && (text[to] === ' ' || text[to] === '\t')) to++;
    const tabs: number[] = [];
    for (let k = from; k < to; k++) if (text[k] === '\t') tabs.push(k);
    findings.push({
      code: 'yaml-tab',
      start: from,
      end: Math.max(from + 1, to),
      message: `${message}: YAML indentation must use spaces, and Prometheus refuses to load this file.`,
      data: { tabs, kind },
    });
  };

  for (const line of lines) {
    let indent = 0;
    while (line.start + indent < line.end && text[line.start + indent] === ' ') indent++;
    const firstNonSpace = line.start + indent;
    let ws = firstNonSpace;
    while (ws < line.end && (text[ws] === ' ' || text[ws] === '\t')) ws++;
    const blank = ws >= line.end;
    // The first tab of the line's leading blanks. Hardening: searched within them only; indexOf from the line's
    // start ran on to the next tab anywhere after it, so one tab early in a 4.5 MB file cost seconds.
    let leadingTab = -1;
    for (let k = line.start; k < ws; k++) {
      if (text.charCodeAt(k) === 9) {
        leadingTab = k;
        break;
      }
    }
    const hasLeadingTab = leadingTab >= 0;

    if (blockParent >= 0) {
      if (blank) {
        if (hasLeadingTab && blockIndent >= 0 && leadingTab - line.start < blockIndent) {
          report(line, leadingTab, TAB_BLOCK_SCALAR, 'block-scalar');
        }
        continue;
      }
      if (indent > blockParent) {
        if (blockIndent < 0) blockIndent = indent;
        if (hasLeadingTab && leadingTab - line.start < blockIndent) report(line, leadingTab, TAB_BLOCK_SCALAR, 'block-scalar');
        continue;
      }
      blockParent = -1;
      blockIndent = -1;
    }

    if (quote === null && flowDepth === 0 && hasLeadingTab) {
      const column = leadingTab - line.start;
      if (plainIndent >= 0) {
        if (column < plainIndent) report(line, leadingTab, TAB_VIOLATES_INDENT, 'indentation');
        else if (blank) continue; // a tab right of the indentation on a blank line is accepted
      } else {
        report(line, leadingTab, TAB_CANNOT_START, 'line-start');
      }
      if (blank) continue;
    } else if (blank) {
      continue;
    }

    const scan = scanLine(text, line, quote, flowDepth);
    if (quote === null && flowDepth === 0) {
      for (const tab of scan.tabsAfterIndicator) {
        if (!findings.length || findings[findings.length - 1].start !== tab) report(line, tab, TAB_CANNOT_START, 'after-indicator');
        break;
      }
    }
    const isComment = scan.contentStart < line.end && text[scan.contentStart] === '#' && quote === null;
    quote = scan.openQuote;
    flowDepth = scan.flowDepth;
    if (isComment) {
      plainIndent = -1;
      continue;
    }
    if (scan.blockScalar) {
      blockParent = scan.keyColumn >= 0 ? scan.keyColumn : indent;
      blockIndent = -1;
      plainIndent = -1;
      continue;
    }
    if (scan.endsPlain) {
      plainIndent = (scan.keyColumn >= 0 ? scan.keyColumn : indent) + 1;
    } else if (quote === null) {
      plainIndent = -1;
    }
  }
  return findings;
}

/** What can change multiLineQuotes' state on a line that starts outside quotes and flow brackets. */
const QUOTE_OR_OPENER = /["'[{]/g;

/**
 * Quoted scalars that span lines: where each opens and where yaml.v2 closes it (-1 if never). A quote
 * that was meant to close on its own line makes yaml.v2 read on to the next quote character and fail there.
 * Outside quotes and brackets, a line with no quote and no `[` or `{` leaves the scan as it was, so the scan skips
 * to the next line that has one (`everyLine`, for the tests, scans every line).
 */
export function multiLineQuotes(text: string, everyLine = false): { open: number; close: number }[] {
  const runs: { open: number; close: number }[] = [];
  let quote: '"' | "'" | null = null;
  let openedAt = -1;
  let flowDepth = 0;
  for (let start = 0; ; ) {
    if (quote === null && flowDepth === 0 && !everyLine) {
      QUOTE_OR_OPENER.lastIndex = start;
      const found = QUOTE_OR_OPENER.exec(text);
      if (!found) break;
      start = found.index;
      while (start > 0 && text.charCodeAt(start - 1) !== 10 && text.charCodeAt(start - 1) !== 13) start--;
    }
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const wasOpen = quote !== null;
    const scan = scanLine(text, { start, end }, quote, flowDepth);
    if (wasOpen && scan.openQuote === null) runs.push({ open: openedAt, close: scan.closedQuoteAt });
    if (scan.openQuote !== null && (!wasOpen || scan.openQuoteAt >= 0)) {
      if (!wasOpen || scan.closedQuoteAt >= 0) openedAt = scan.openQuoteAt;
    }
    quote = scan.openQuote;
    flowDepth = scan.flowDepth;
    if (end >= text.length) break;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  if (quote !== null && openedAt >= 0) runs.push({ open: openedAt, close: -1 });
  return runs;
}
