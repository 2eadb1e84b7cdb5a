/**
 * The one registry of code actions, and the pure entry points the server calls. Quick fixes are computed from
 * each diagnostic's `code` and `data` plus the model of the current version; never from its message.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { severityOf } from '../diagnostics';
import { runRules, type ParsedConfig } from '../index';
import { indentUnit } from '../repair';
import type { Settings } from '../settings';
import type { Job } from '../model';
import type { Finding } from '../types';
import { bearerTokenFix } from './bearerToken';
import { duplicateJobNameFix } from './duplicateJobName';
import { duplicateKeyFix } from './duplicateKey';
import { honorLabelsFix } from './honorLabels';
import { invalidTargetFix } from './invalidTarget';
import { matchParamFix } from './matchParam';
import { misindentedItemFix } from './misindentedItem';
import { quoteSelectorFix } from './quoteSelector';
import { simplifySelectorFix } from './simplifySelector';
import { ALL_SELECTORS_OVERLAP, groupSelectors, selectorUnits, splitJobEdits, splitPerSelector, splitSource } from './splitJob';
import { timeoutIntervalFix } from './timeoutInterval';
import { jobAt, detectEol } from './yamlText';
import { unknownKeyFix } from './unknownKey';
import { yamlTabFix } from './yamlTab';
import { EditSet } from './editSet';
import type { ActionContext, Fix, OffsetEdit, QuickFixProvider, Target } from './types';

export const QUICK_FIXES: readonly QuickFixProvider[] = [
  yamlTabFix,
  misindentedItemFix,
  duplicateKeyFix,
  unknownKeyFix,
  matchParamFix,
  quoteSelectorFix,
  honorLabelsFix,
  simplifySelectorFix,
  bearerTokenFix,
  timeoutIntervalFix,
  duplicateJobNameFix,
  invalidTargetFix,
];

const BY_CODE = new Map<string, QuickFixProvider[]>();
for (const p of QUICK_FIXES) for (const c of p.codes) BY_CODE.set(c, [...(BY_CODE.get(c) ?? []), p]);

/** The codes some quick fix answers. */
export const FIXABLE_CODES: readonly string[] = [...BY_CODE.keys()];

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.promfed`;
export const CODE_ACTION_KINDS: readonly string[] = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND];

const SEVERITY_ORDER: readonly string[] = ['error', 'warning', 'info', 'hint'];

/** Server commands; the protocol module of the client re-declares these names. */
export const SPLIT_JOB_COMMAND = 'promfed.splitJob';
export const COMMANDS: readonly string[] = [SPLIT_JOB_COMMAND];

/** Arguments of `promfed.splitJob` (workspace/executeCommand, first and only argument). */
export interface SplitJobArgs {
  readonly uri: string;
  /** Index of the job in scrape_configs (0-based), as Job.index and the diagnostics' data.jobIndex. */
  readonly jobIndex: number;
  /** How many jobs to make; clamped to [2, number of selectors]. Absent: one job per selector. */
  readonly groups?: number;
  /** One weight per selector, in match[] order (e.g. measured series counts); balances groups by weight. */
  readonly weights?: readonly number[];
}

/** Data of a code action whose edit is computed on `codeAction/resolve`. */
interface LazyData {
  readonly promfed: 'split';
  readonly uri: string;
  readonly jobIndex: number;
}

export interface CodeActionOptions {
  /** `CodeActionContext.only`. */
  readonly only?: readonly string[];
  /** Leave refactoring edits to codeAction/resolve (the client supports resolving `edit`). */
  readonly lazy?: boolean;
  /**
   * The findings of this version, for diagnostics published without `data` (toDiagnostics' withData): a
   * diagnostic's fix reads the data of the finding with its code and range.
   */
  readonly findings?: readonly Finding[];
}

export function createActionContext(parsed: ParsedConfig, settings: Settings, claimedNames?: Set<string>): ActionContext {
  const document = parsed.model.document;
  return { model: parsed.model, text: document.text, lines: document.lines, eol: detectEol(document.text), unit: indentUnit(document.text), settings, claimedNames };
}

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function toTextEdits(ctx: ActionContext, edits: readonly OffsetEdit[]): TextEdit[] {
  return [...edits].sort((a, b) => a.start - b.start || a.end - b.end).map((e) => ({ range: ctx.lines.range(e.start, e.end), newText: e.newText }));
}

function workspaceEdit(ctx: ActionContext, uri: string, edits: readonly OffsetEdit[]): WorkspaceEdit {
  return { changes: { [uri]: toTextEdits(ctx, edits) } };
}

function targetOf(ctx: ActionContext, diagnostic: Diagnostic, findings?: readonly Finding[]): Target | undefined {
  let data = (diagnostic.data && typeof diagnostic.data === 'object' ? diagnostic.data : {}) as Record<string, unknown>;
  const code = typeof diagnostic.code === 'string' ? diagnostic.code : typeof data.code === 'string' ? data.code : undefined;
  if (!code || (diagnostic.source !== undefined && diagnostic.source !== 'promfed')) return undefined;
  const start = ctx.lines.offsetAt(diagnostic.range.start);
  const end = ctx.lines.offsetAt(diagnostic.range.end);
  if (diagnostic.data === undefined && findings) {
    const f = findingAt(findings, code, start, end);
    if (f) data = { ...(f.data ?? {}), code };
  }
  return { code, start, end, data };
}

/** The finding with this code and span; findings come sorted by start (runRules). */
function findingAt(findings: readonly Finding[], code: string, start: number, end: number): Finding | undefined {
  let lo = 0;
  let hi = findings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (findings[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < findings.length && findings[i].start === start; i++) {
    if (findings[i].code === code && findings[i].end === end) return findings[i];
  }
  return undefined;
}

function fixesFor(ctx: ActionContext, target: Target): Fix[] {
  const out: Fix[] = [];
  for (const provider of BY_CODE.get(target.code) ?? []) {
    for (const fix of provider.provide(ctx, target)) if (fix.edits.length) out.push(fix);
  }
  return out;
}

/**
 * Every safe fix for every current finding, merged: a fix whose edits overlap one already taken, or that adds a key
 * a taken fix adds to the same mapping, waits for the next run. Recomputes the findings itself, so it does not depend on which diagnostics the client sent.
 */
export function fixAllEdits(parsed: ParsedConfig, settings: Settings): OffsetEdit[] {
  const ctx = createActionContext(parsed, settings, new Set());
  const taken = new EditSet();
  const added = new Map<object, Set<string>>();
  const clashes = (fix: Fix) => (fix.adds ?? []).some((c) => added.get(c.map)?.has(c.key));
  // Errors first: when two fixes clash, the one for what Prometheus refuses wins (renaming honour_labels to
  // honor_labels, rather than adding honor_labels next to it).
  const rank = (code: string) => SEVERITY_ORDER.indexOf(severityOf(code, settings));
  const findings = runRules(parsed, settings).filter((f) => severityOf(f.code, settings) !== 'off');
  for (const f of findings.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.code) - rank(b.f.code) || a.i - b.i).map((x) => x.f)) {
    const target: Target = { code: f.code, start: f.start, end: f.end, data: { ...(f.data ?? {}), code: f.code } };
    for (const fix of fixesFor(ctx, target)) {
      if (!fix.safe) continue;
      if (taken.fits(fix.edits) && !clashes(fix)) {
        taken.add(fix.edits);
        for (const c of fix.adds ?? []) added.set(c.map, (added.get(c.map) ?? new Set()).add(c.key));
      }
      break;
    }
  }
  return taken.sorted();
}

/** The split's title: one job per selector, unless selectors that select common series have to share one. */
function splitTitle(selectors: number, jobs: number): string {
  return jobs === selectors ? `Split into one job per match[] selector (${jobs} jobs)` : `Split into ${jobs} jobs, one per selector (overlapping selectors stay together)`;
}

function splitAction(ctx: ActionContext, uri: string, jobIndex: number, selectors: number, jobs: number, lazy: boolean): CodeAction | undefined {
  const job = ctx.model.jobs[jobIndex];
  const title = splitTitle(selectors, jobs);
  if (lazy) return { title, kind: CodeActionKind.RefactorRewrite, data: { promfed: 'split', uri, jobIndex } satisfies LazyData };
  const edits = splitPerSelector(ctx, job);
  return typeof edits === 'string' ? undefined : { title, kind: CodeActionKind.RefactorRewrite, edit: workspaceEdit(ctx, uri, edits) };
}

/**
 * The jobs whose lines may hold `line` when no job's mapping does (on a `- ` line before the first key, a comment,
 * the head): the last job with a mapping that starts by the end of that line, and the next one. A split source's
 * lines run from its `-` to before the next item's `-`, and the items are in order, so no other job's can.
 */
function jobsAround(ctx: ActionContext, line: number): Job[] {
  const lineEnd = ctx.lines.lineEnd(line);
  const jobs = ctx.model.jobs;
  // Only the jobs around the line have their nodes read (a job may have let go of them, incremental.ts): the first job
  // with a mapping that starts after the line, and the last one with a mapping before it.
  let after = 0;
  while (after < jobs.length && !(jobs[after].span.start > lineEnd && jobs[after].node)) after++;
  let before = after - 1;
  while (before >= 0 && !jobs[before].node) before--;
  return [...(before >= 0 ? [jobs[before]] : []), ...(after < jobs.length ? [jobs[after]] : [])];
}

/** The splittable job whose lines (from its `-` to its last comment) hold the start of `range`. */
function splitSourceAt(ctx: ActionContext, range: Range) {
  const offset = ctx.lines.offsetAt(range.start);
  const line = range.start.line;
  const direct = jobAt(ctx.model, offset);
  const candidates = direct ? [direct] : jobsAround(ctx, line);
  for (const job of candidates) {
    const src = splitSource(ctx, job);
    if (src && src.firstLine <= line && line <= src.lastLine) return src;
  }
  return undefined;
}

/** The code actions for a range: quick fixes for the diagnostics given, refactorings for the job there, fix-all. */
export function codeActions(
  parsed: ParsedConfig,
  uri: string,
  range: Range,
  diagnostics: readonly Diagnostic[],
  settings: Settings,
  options: CodeActionOptions = {},
): CodeAction[] {
  const ctx = createActionContext(parsed, settings);
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, options.only)) {
    for (const diagnostic of diagnostics) {
      const target = targetOf(ctx, diagnostic, options.findings);
      if (!target) continue;
      for (const fix of fixesFor(ctx, target)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred || undefined,
          edit: workspaceEdit(ctx, uri, fix.edits),
        });
      }
    }
  }
  if (wanted(CodeActionKind.RefactorRewrite, options.only)) {
    const src = splitSourceAt(ctx, range);
    const job = src?.job;
    const units = src ? selectorUnits(ctx, src).length : 0;
    if (job && src && units >= 2) {
      const split = splitAction(ctx, uri, job.index, src.items.length, units, !!options.lazy);
      if (split) actions.push(split);
      if (units >= 3) {
        const args: SplitJobArgs = { uri, jobIndex: job.index, groups: 2 };
        actions.push({
          title: 'Split into 2 jobs (half the selectors each)',
          kind: CodeActionKind.RefactorRewrite,
          command: { title: 'Split into 2 jobs', command: SPLIT_JOB_COMMAND, arguments: [args] },
        });
      }
    }
  }
  if (options.only?.some((o) => wanted(FIX_ALL_KIND, [o]))) {
    const edits = fixAllEdits(parsed, settings);
    if (edits.length) actions.push({ title: 'Fix all auto-fixable promfed problems', kind: FIX_ALL_KIND, edit: workspaceEdit(ctx, uri, edits) });
  }
  return actions;
}

/** Fills in the edit of a lazily offered code action (codeAction/resolve). */
export function resolveCodeAction(parsed: ParsedConfig, action: CodeAction, settings: Settings): CodeAction {
  const data = action.data as Partial<LazyData> | undefined;
  if (data?.promfed !== 'split' || typeof data.uri !== 'string' || typeof data.jobIndex !== 'number') return action;
  const ctx = createActionContext(parsed, settings);
  const job = ctx.model.jobs[data.jobIndex];
  const edits = job ? splitPerSelector(ctx, job) : 'The job is gone.';
  if (typeof edits === 'string') return { ...action, disabled: { reason: edits } };
  return { ...action, edit: workspaceEdit(ctx, data.uri, edits) };
}

/** `promfed.splitJob`: the WorkspaceEdit for a split into `groups` jobs, or the reason it cannot be done. */
export function splitJobCommand(parsed: ParsedConfig, args: SplitJobArgs, settings: Settings): { edit: WorkspaceEdit } | { error: string } {
  const ctx = createActionContext(parsed, settings);
  const job = typeof args?.jobIndex === 'number' ? ctx.model.jobs[args.jobIndex] : undefined;
  const src = job && splitSource(ctx, job);
  if (!job || !src) return { error: 'No federation job with two or more match[] selectors at that index.' };
  const units = selectorUnits(ctx, src);
  if (units.length < 2) return { error: ALL_SELECTORS_OVERLAP };
  const n = units.length;
  const k = args.groups === undefined ? n : Math.max(2, Math.min(n, Math.floor(Number(args.groups)) || 2));
  const weights = Array.isArray(args.weights) ? args.weights.map(Number) : undefined;
  const edits = splitJobEdits(ctx, job, groupSelectors(src.items.length, k, weights, units));
  return typeof edits === 'string' ? { error: edits } : { edit: workspaceEdit(ctx, args.uri, edits) };
}

export { groupSelectors, selectorUnits, splitJobEdits, splitPerSelector, splitSource };
