/**
 * Split one federation job into several, in place: each copy keeps every other key of the original verbatim
 * (targets, auth, TLS, intervals, relabeling, comments) and a share of its match[] selectors, gets a unique
 * readable job_name and `honor_labels: true`. Works on whole source lines, so nothing else is reformatted.
 */
import { type Scalar, type YAMLSeq } from 'yaml';
import { isMap, isScalar, isSeq } from '../nodeKinds';
import type { Job } from '../model';
import { applyEdits } from '../repair';
import { overlappingSelectorPairs } from '../rules/selectorOverlap';
import { mergeDeletions } from './duplicateKey';
import { honorLabelsEdit } from './honorLabels';
import { allJobNames, claimName, deriveJobName } from './jobNames';
import { contentEnd, deleteLines, lineText, ownPair, replaceScalar } from './yamlText';
import type { ActionContext, OffsetEdit } from './types';

/** A job that can be split, with the lines of its list item. */
export interface SplitSource {
  readonly job: Job;
  readonly name: string;
  readonly nameNode: Scalar;
  readonly seq: YAMLSeq;
  readonly items: readonly Scalar<string>[];
  /** The `match[]:` key's line. */
  readonly matchLine: number;
  /** Whole lines of the list item, from its `-` to its last line (deeper trailing comments included). */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly start: number;
  readonly end: number;
}

function isComment(ctx: ActionContext, line: number): boolean {
  return lineText(ctx, line).trimStart().startsWith('#');
}

/** Where the `-` before `offset` is, skipping only whitespace; -1 when something else comes first. */
function dashBefore(text: string, offset: number): number {
  let p = offset - 1;
  while (p >= 0 && /\s/.test(text[p])) p--;
  return p >= 0 && text[p] === '-' ? p : -1;
}

/** The job as a split source, or undefined when it is not a federation job with 2+ selectors of its own. */
export function splitSource(ctx: ActionContext, job: Job): SplitSource | undefined {
  const map = job.node;
  if (!job.isFederation || !map || map.flow || !map.range || job.name === undefined) return undefined;
  const nameNode = ownPair(map, 'job_name')?.value;
  if (!isScalar(nameNode) || !nameNode.range) return undefined;
  const params = ownPair(map, 'params')?.value;
  if (!isMap(params) || params.flow) return undefined;
  const matchPair = ownPair(params, 'match[]');
  const seq = matchPair?.value;
  if (!matchPair || !isSeq(seq) || !seq.range || seq.items.length < 2) return undefined;
  const items = seq.items as unknown[];
  if (!items.every((i) => isScalar(i) && typeof i.value === 'string' && !!i.range)) return undefined;
  const dash = dashBefore(ctx.text, map.range[0]);
  if (dash < 0) return undefined;
  const firstLine = ctx.lines.lineAt(dash);
  const dashColumn = dash - ctx.lines.lineStart(firstLine);
  if (ctx.text.slice(ctx.lines.lineStart(firstLine), dash).trim() !== '') return undefined;
  let lastLine = ctx.lines.lineAt(contentEnd(map) - 1);
  for (let l = lastLine + 1; l < ctx.lines.lineCount; l++) {
    const s = lineText(ctx, l);
    const t = s.trimStart();
    if (t === '') continue;
    if (s.length - t.length > dashColumn) lastLine = l;
    else break;
  }
  const start = ctx.lines.lineStart(firstLine);
  const end = ctx.lines.lineEnd(lastLine);
  // Selectors behind an alias live elsewhere in the file: copying the item would not copy them.
  if (seq.range[0] < start || contentEnd(seq) > end || nameNode.range[0] < start) return undefined;
  const matchLine = ctx.lines.lineAt((matchPair.key as Scalar).range?.[0] ?? seq.range[0]);
  return { job, name: job.name, nameNode, seq, items: items as Scalar<string>[], matchLine, firstLine, lastLine, start, end };
}

/** Deletes lines inside the item; at its last line, takes the break before instead of the one after. */
function deleteItemLines(ctx: ActionContext, src: SplitSource, first: number, last: number): OffsetEdit {
  if (last < src.lastLine) return deleteLines(ctx, first, last);
  return { start: ctx.lines.lineEnd(first - 1), end: ctx.lines.lineEnd(last), newText: '' };
}

/** Edits that leave only the selectors in `keep` in the match[] list. */
function keepSelectors(ctx: ActionContext, src: SplitSource, keep: ReadonlySet<number>): OffsetEdit[] {
  const { items, seq } = src;
  const edits: OffsetEdit[] = [];
  if (seq.flow) {
    const [open, close] = [seq.range![0], seq.range![1]];
    let between = ctx.text.slice(open, close);
    for (const item of [...items].reverse()) between = between.slice(0, item.range![0] - open) + between.slice(item.range![1] - open);
    if (!between.includes('#')) {
      const kept = items.filter((_, i) => keep.has(i)).map((it) => ctx.text.slice(it.range![0], it.range![1]));
      return [{ start: open, end: close, newText: `[${kept.join(', ')}]` }];
    }
    // Comments inside a multi-line flow list: cut each dropped item up to the next one, so every comment stays
    // in the copy of the selector it follows (a trailing comma is valid YAML).
    items.forEach((item, i) => {
      if (keep.has(i)) return;
      const first = ctx.lines.lineAt(item.range![0]);
      const last = ctx.lines.lineAt(item.range![1] - 1);
      const before = ctx.text.slice(ctx.lines.lineStart(first), item.range![0]);
      const after = ctx.text.slice(item.range![1], ctx.lines.lineEnd(last));
      const next = items[i + 1];
      // An item alone on its line(s) leaves with its lines and its comment; otherwise cut up to the next item.
      if (before.trim() === '' && /^\s*,?\s*(?:#.*)?$/.test(after)) edits.push(deleteLines(ctx, first, last));
      else edits.push({ start: item.range![0], end: next ? next.range![0] : item.range![1], newText: '' });
    });
    return mergeDeletions(edits);
  }
  const units = items.map((item) => {
    const dash = dashBefore(ctx.text, item.range![0]);
    return { first: ctx.lines.lineAt(dash >= 0 ? dash : item.range![0]), last: ctx.lines.lineAt(item.range![1] - 1) };
  });
  units.forEach((unit, i) => {
    // Comment lines right above an item describe it: they go where it goes.
    const floor = i > 0 ? units[i - 1].last : src.matchLine;
    let first = unit.first;
    while (first - 1 > floor && isComment(ctx, first - 1)) first--;
    if (!keep.has(i)) edits.push(deleteItemLines(ctx, src, first, unit.last));
  });
  return mergeDeletions(edits);
}

/**
 * The selectors that must stay in one job, as groups of indexes in match[] order of their first selector: selectors
 * the overlap rule sees select common series, joined transitively. Each other selector is a group of its own.
 */
export function selectorUnits(ctx: ActionContext, src: SplitSource): number[][] {
  const parent = src.items.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (const [a, b] of overlappingSelectorPairs(ctx.model, src.job, ctx.settings.prometheusVersion)) {
    const [x, y] = [root(a), root(b)];
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  }
  const units = new Map<number, number[]>();
  src.items.forEach((_, i) => {
    const r = root(i);
    const unit = units.get(r);
    if (unit) unit.push(i);
    else units.set(r, [i]);
  });
  return [...units.values()];
}

/**
 * Splits `n` selectors into `k` groups of indexes: contiguous runs of equal size, or balanced by `weights`.
 * With `units` (groups of indexes that must stay together, in order), runs and balance are over whole units:
 * at most `units.length` groups.
 */
export function groupSelectors(n: number, k: number, weights?: readonly number[], units?: readonly (readonly number[])[]): number[][] {
  const us = units ?? Array.from({ length: n }, (_, i) => [i]);
  const count = Math.max(1, Math.min(us.length, Math.floor(k) || 1));
  const groups: number[][] = Array.from({ length: count }, () => []);
  if (!weights) {
    // Each run takes units while they bring it closer to its fair share of what is left, never leaving a later
    // run without a unit. With one selector per unit: sizes differ by at most one, the larger runs first.
    let u = 0;
    let left = us.reduce((sum, unit) => sum + unit.length, 0);
    for (let g = 0; g < count; g++) {
      const runs = count - g;
      const target = Math.ceil(left / runs);
      const closer = (size: number) => Math.abs(size - target) < Math.abs(groups[g].length - target);
      while (u < us.length && (groups[g].length === 0 || runs === 1 || (closer(groups[g].length + us[u].length) && us.length - u > runs - 1))) {
        groups[g].push(...us[u++]);
      }
      left -= groups[g].length;
    }
    return groups.map((g) => g.sort((a, b) => a - b));
  }
  // Longest-processing-time greedy: heaviest unit first, into the lightest group.
  const weight = (i: number) => (Number.isFinite(weights[i]) && weights[i] >= 0 ? weights[i] : 1);
  const unitWeight = us.map((unit) => unit.reduce((sum, i) => sum + weight(i), 0));
  const order = us.map((_, u) => u).sort((a, b) => unitWeight[b] - unitWeight[a] || us[a][0] - us[b][0]);
  const loads = new Array<number>(count).fill(0);
  for (const u of order) {
    let best = 0;
    for (let g = 1; g < count; g++) if (loads[g] < loads[best] || (loads[g] === loads[best] && groups[g].length < groups[best].length)) best = g;
    groups[best].push(...us[u]);
    loads[best] += unitWeight[u];
  }
  return groups.filter((g) => g.length > 0).map((g) => g.sort((a, b) => a - b));
}

function blankAround(ctx: ActionContext, src: SplitSource): boolean {
  const before = src.firstLine > 0 && lineText(ctx, src.firstLine - 1).trim() === '';
  const next = src.lastLine + 1;
  const after = next < ctx.lines.lineCount - 1 && lineText(ctx, next).trim() === '';
  let inside = false;
  for (let l = src.firstLine + 1; l < src.lastLine && !inside; l++) inside = lineText(ctx, l).trim() === '';
  return before || after || inside;
}

/**
 * The edits that replace the job with one job per group of selectors: the first group edits the original item,
 * the others are inserted after it. Returns a reason instead when the job cannot be split.
 */
export function splitJobEdits(ctx: ActionContext, job: Job, groups: readonly (readonly number[])[]): OffsetEdit[] | string {
  const src = splitSource(ctx, job);
  if (!src) return 'This job cannot be split: it needs metrics_path /federate and two or more match[] selectors written in the job itself.';
  const seen = new Set<number>();
  for (const g of groups) for (const i of g) if (i < 0 || i >= src.items.length || seen.has(i) || !seen.add(i)) return 'Each selector must be in exactly one group.';
  if (seen.size !== src.items.length || groups.length < 2 || groups.some((g) => g.length === 0)) return 'Splitting needs two or more non-empty groups covering every selector.';
  const groupOf = new Map(groups.flatMap((g, n) => g.map((i) => [i, n] as const)));
  for (const [a, b, reason] of overlappingSelectorPairs(ctx.model, job, ctx.settings.prometheusVersion)) {
    if (groupOf.get(a) !== groupOf.get(b)) {
      return `${src.items[a].value} and ${src.items[b].value} select the same series (${reason}): in two jobs both would ingest them, so they must stay in one job.`;
    }
  }
  const taken = allJobNames(ctx, job);
  const names = groups.map((g, n) => {
    const derived = g.length === 1 ? deriveJobName(src.items[g[0]].value) : undefined;
    if (derived) return claimName(derived, taken);
    let m = n + 1;
    while (taken.has(`${src.name}-${m}`)) m++;
    taken.add(`${src.name}-${m}`);
    return `${src.name}-${m}`;
  });
  const honor = honorLabelsEdit(ctx, job, true);
  const copies = groups.map((g, n) => {
    const edits = [replaceScalar(src.nameNode, names[n]), honor, ...keepSelectors(ctx, src, new Set(g))].filter((e): e is OffsetEdit => !!e);
    return edits.sort((a, b) => a.start - b.start || a.end - b.end);
  });
  const sep = ctx.eol + (blankAround(ctx, src) ? ctx.eol : '');
  const region = ctx.text.slice(src.start, src.end);
  const rest = copies
    .slice(1)
    .map((edits) => sep + applyEdits(region, edits.map((e) => ({ start: e.start - src.start, end: e.end - src.start, newText: e.newText }))))
    .join('');
  const first = [...copies[0]];
  const atEnd = first.findIndex((e) => e.start === src.end && e.end === src.end);
  if (atEnd >= 0) first[atEnd] = { ...first[atEnd], newText: first[atEnd].newText + rest };
  else first.push({ start: src.end, end: src.end, newText: rest });
  return first;
}

/** Why a job whose selectors all overlap (directly or through each other) cannot be split. */
export const ALL_SELECTORS_OVERLAP =
  'Every selector of this job selects series another one selects too: split into separate jobs, they would ingest those series twice.';

/** The split into one job per selector, selectors that select common series kept together. */
export function splitPerSelector(ctx: ActionContext, job: Job): OffsetEdit[] | string {
  const src = splitSource(ctx, job);
  if (!src) return splitJobEdits(ctx, job, []);
  const units = selectorUnits(ctx, src);
  if (units.length < 2) return ALL_SELECTORS_OVERLAP;
  return splitJobEdits(ctx, job, units);
}
