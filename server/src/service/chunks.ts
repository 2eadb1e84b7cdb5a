/**
 * Splits a prometheus.yml into its head (everything but the scrape_configs items) and one chunk per job, by
 * scanning lines, so each job can be parsed on its own and reused while other jobs are edited. Returns
 * undefined whenever the split might not match a parse of the whole text; the caller then parses it whole.
 */
import { isCollection, type Node } from 'yaml';
import { isAlias, isPair, isScalar } from './nodeKinds';
import type { OffsetHolders } from './fastYaml';
import { hasLoneCr, lineContentEnd } from './ranges';

export interface JobChunk {
  /** Start of the item's first line. */
  readonly start: number;
  /** Start of the next item's line, or of the head after the list. */
  readonly end: number;
}

export interface JobLayout {
  /** Where the first item's line starts: text before it is the head's first part. */
  readonly prefixEnd: number;
  /** Column of the items' `-`. */
  readonly itemIndent: number;
  readonly items: readonly JobChunk[];
  /** Where the top-level key after the list starts (the text's length when none follows). */
  readonly suffixStart: number;
}

const SCRAPE_CONFIGS_LINE = /^scrape_configs *: *(?:#.*)?$/;
const SCRAPE_CONFIGS_KEY = /^(?:scrape_configs|'scrape_configs'|"scrape_configs") *:/gm;
/** A document marker or directive at a line's start: only a whole parse gets these right. */
const DOC_MARKER = /^(?:---|\.\.\.|%)/;
/** SCRAPE_CONFIGS_KEY and DOC_MARKER at any line's start, for a test of some lines. */
const SCRAPE_CONFIGS_KEY_LINE = new RegExp(SCRAPE_CONFIGS_KEY.source, 'm');
const DOC_MARKER_LINE = new RegExp(DOC_MARKER.source, 'm');

/**
 * The index of the last of `items` (in source order, not overlapping) that starts at or before `offset`; -1 when none
 * does. The job lists of large files are searched by halves.
 */
export function lastStartingBy(items: readonly { readonly start: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start <= offset) (at = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  return at;
}

/** The job layout of `text`, or undefined when a per-job parse might differ from a whole-text parse. */
export function splitJobs(text: string): JobLayout | undefined {
  // A CR is a line break only before a LF here; a lone one is the whole-text path's (parserText).
  if (hasLoneCr(text)) return undefined;
  SCRAPE_CONFIGS_KEY.lastIndex = 0;
  const keys = text.match(SCRAPE_CONFIGS_KEY);
  if (!keys || keys.length !== 1) return undefined;
  let at = 0;
  let prefixEnd = -1;
  let itemIndent = -1;
  const starts: number[] = [];
  let suffixStart = text.length;
  let inList = false;
  while (at <= text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const end = lineContentEnd(text, at, nl);
    if (itemIndent >= 0 && startsDeeper(text, at, itemIndent)) {
      // Inside the current job (or blank, or a comment): nothing to decide on this line.
      at = nl + 1;
      continue;
    }
    const first = text.charCodeAt(at);
    // Document markers and directives: only a whole parse gets these right.
    if ((first === 45 /* - */ || first === 46 /* . */ || first === 37 /* % */) && DOC_MARKER.test(text.slice(at, at + 3))) return undefined;
    let c = at;
    while (c < end && text.charCodeAt(c) === 32) c++;
    const blank = c === end || text.charCodeAt(c) === 35; /* # */
    if (!inList) {
      if (prefixEnd < 0 && c === at && !blank && SCRAPE_CONFIGS_LINE.test(text.slice(at, end))) {
        inList = true;
        prefixEnd = -2; // found the key; the list starts at the first content line
      }
    } else if (!blank) {
      const indent = c - at;
      const dash = text.charCodeAt(c) === 45 && (c + 1 === end || text.charCodeAt(c + 1) === 32);
      if (prefixEnd === -2) {
        if (!dash) return undefined; // `scrape_configs:` with no block list: let the whole parse decide
        prefixEnd = at;
        itemIndent = indent;
        starts.push(at);
      } else if (indent > itemIndent) {
        // inside the current job
      } else if (indent === itemIndent && dash) {
        starts.push(at);
      } else if (indent === 0) {
        suffixStart = at;
        inList = false;
        break;
      } else {
        return undefined;
      }
    }
    at = nl + 1;
  }
  if (starts.length < 2) return undefined;
  // Nothing after the list may reopen it.
  if (suffixStart < text.length && SCRAPE_CONFIGS_KEY.test(text.slice(suffixStart))) return undefined;
  const items = starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : suffixStart }));
  return { prefixEnd, itemIndent, items, suffixStart };
}

/**
 * Whether whole lines put into the head (before the list when `beforeList`, else after it) could make splitJobs split
 * the text otherwise than the lines they replaced: a `scrape_configs` key, or before the list a document marker or
 * directive. Any other line there is nothing to splitJobs (a lone CR never reaches it: document.ts mayParseByJob).
 */
export function headLinesMatter(lines: string, beforeList: boolean): boolean {
  return SCRAPE_CONFIGS_KEY_LINE.test(lines) || (beforeList && DOC_MARKER_LINE.test(lines));
}

/** The line at `at` starts with more than `indent` spaces. */
function startsDeeper(text: string, at: number, indent: number): boolean {
  for (let c = at; c <= at + indent; c++) if (text.charCodeAt(c) !== 32) return false;
  return true;
}

/** Collects the offset holders of a composed node tree: node ranges and every source token under it. */
export function collectHolders(roots: readonly unknown[], into: OffsetHolders = { ranges: [], tokens: [] }): OffsetHolders & { anchorsOrAliases: boolean } {
  let anchorsOrAliases = false;
  const seenTokens = new Set<object>();
  const token = (t: unknown): void => {
    if (!t || typeof t !== 'object' || seenTokens.has(t)) return;
    seenTokens.add(t);
    const o = t as Record<string, unknown>;
    if (typeof o.offset === 'number') (into.tokens as unknown[]).push(o);
    if (o.type === 'anchor' || o.type === 'alias') anchorsOrAliases = true;
    for (const key of ['start', 'key', 'sep', 'value', 'items', 'end', 'props']) {
      const child = o[key];
      if (Array.isArray(child)) for (const c of child) token(c);
      else if (child && typeof child === 'object') token(child);
    }
  };
  const node = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (isPair(n)) {
      node(n.key);
      node(n.value);
      return;
    }
    const x = n as Node & { srcToken?: unknown; anchor?: string };
    if (isAlias(x) || x.anchor) anchorsOrAliases = true;
    if (x.range) into.ranges.push(x.range as [number, number, number]);
    token(x.srcToken);
    if (isCollection(x)) for (const item of x.items) node(item);
    else if (!isScalar(x) && !isAlias(x)) return;
  };
  for (const r of roots) node(r);
  return { ...into, anchorsOrAliases };
}

/** Moves every offset at or after `from` by `delta`. */
export function shiftHolders(holders: OffsetHolders, delta: number, from = 0): void {
  if (delta === 0) return;
  for (const r of holders.ranges) {
    if (r[0] >= from) r[0] += delta;
    if (r[1] >= from) r[1] += delta;
    if (r[2] >= from) r[2] += delta;
  }
  for (const t of holders.tokens) if (t.offset >= from) t.offset += delta;
  if (holders.nodes) {
    for (const n of holders.nodes) {
      if (n.rangeStart >= from) n.rangeStart += delta;
      if (n.rangeValueEnd >= from) n.rangeValueEnd += delta;
      if (n.rangeEnd >= from) n.rangeEnd += delta;
    }
  }
}
