/**
 * The language service: pure functions over a parsed document. No LSP transport, no file system, no
 * network; the server and the CLI both call it.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseConfigDocument } from './document';
import { toDiagnostics } from './diagnostics';
import { buildModel, type ConfigModel, type Job } from './model';
import { createRedactor, redactFindings } from './redact';
import { RULES, type Rule } from './rules';
import type { CachedFindings, JobSlot } from './incremental';
import type { Settings } from './settings';
import type { Finding } from './types';

export interface ParsedConfig {
  readonly model: ConfigModel;
}

export interface LanguageServiceOptions {
  /** Base URL of docs/rules/, for each diagnostic's codeDescription link. */
  readonly docsBaseUrl?: string;
  /** Where internal failures are reported (a rule that threw); never user text or secrets. */
  readonly logError?: (message: string) => void;
}

export interface LanguageService {
  /** `previous`: the parse of an earlier version of the same document, to reuse (see parseConfig). */
  parse(text: string, previous?: ParsedConfig): ParsedConfig;
  findings(parsed: ParsedConfig, settings: Settings): Finding[];
  validate(parsed: ParsedConfig, uri: string, settings: Settings): Diagnostic[];
}

/**
 * Parses one version of a config. With `previous`, the parse of an earlier version of the same document,
 * unchanged jobs keep their parse and their findings; `previous` must not be used afterwards (its nodes move).
 */
export function parseConfig(text: string, previous?: ParsedConfig): ParsedConfig {
  return { model: buildModel(parseConfigDocument(text, previous?.model.document)) };
}

/**
 * Clamps a finding into the text (anything else would be a bug, but must not reach an editor) and drops the
 * line break and blanks a YAML node's range ends with, so a range ends on the line it belongs to.
 */
function normalizeSpan(f: Finding, text: string): Finding {
  const start = Math.max(0, Math.min(f.start, text.length));
  let end = Math.max(start, Math.min(f.end, text.length));
  while (end > start + 1 && /\s/.test(text[end - 1])) end--;
  return start === f.start && end === f.end ? f : { ...f, start, end };
}

/**
 * Moves a cached finding's offsets: those in its job by `dJob`, those after the job list by `dSuffix`. In
 * `data`, offsets are `{ start, end }` spans or numbers under a key ending in `Offset` (`insertAfterOffset`).
 */
function moveFinding(f: Finding, c: CachedFindings, dJob: number, dSuffix: number): Finding {
  const move = (o: number) => (o >= c.chunkStart && o <= c.chunkEnd ? o + dJob : o >= c.suffixStart ? o + dSuffix : o);
  const span = <T extends { start: number; end: number }>(s: T): T => ({ ...s, start: move(s.start), end: move(s.end) });
  const data = (value: unknown, depth: number): unknown => {
    if (!value || typeof value !== 'object' || depth > 4) return value;
    if (Array.isArray(value)) return value.map((v) => data(v, depth + 1));
    const o = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'number' && k.endsWith('Offset') ? move(v) : data(v, depth + 1);
    if (typeof o.start === 'number' && typeof o.end === 'number') [out.start, out.end] = [move(o.start), move(o.end)];
    return out;
  };
  return {
    ...span(f),
    ...(f.related ? { related: f.related.map(span) } : {}),
    ...(f.data ? { data: data(f.data, 0) as Record<string, unknown> } : {}),
  };
}

type LogError = (message: string) => void;

function failed(rule: Rule, error: unknown, logError?: LogError): void {
  logError?.(`rule ${rule.meta[0]?.code ?? '?'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** One rule's findings for one job, from the job's slot when nothing it depends on changed. */
function jobFindings(rule: Rule, job: Job, slot: JobSlot | undefined, model: ConfigModel, ctx: { version: Settings['prometheusVersion']; model: ConfigModel }, suffixStart: number, headGeneration: number, logError?: LogError): Finding[] {
  const text = model.document.text;
  if (!slot) {
    try {
      return rule.checkJob!(job, ctx).map((f) => normalizeSpan(f, text));
    } catch (error) {
      failed(rule, error, logError);
      return [];
    }
  }
  const chunkEnd = slot.start + slot.text.length;
  const cached = slot.findings.get(rule);
  if (cached && cached.version === ctx.version && cached.index === job.index && cached.headGeneration === headGeneration) {
    const dJob = slot.start - cached.chunkStart;
    const dSuffix = suffixStart - cached.suffixStart;
    if (dJob !== 0 || dSuffix !== 0) {
      cached.findings = cached.findings.map((f) => moveFinding(f, cached, dJob, dSuffix));
      [cached.chunkStart, cached.chunkEnd, cached.suffixStart] = [slot.start, chunkEnd, suffixStart];
    }
    return cached.findings;
  }
  let findings: Finding[];
  try {
    findings = rule.checkJob!(job, ctx).map((f) => normalizeSpan(f, text));
  } catch (error) {
    failed(rule, error, logError);
    return [];
  }
  slot.findings.set(rule, { version: ctx.version, index: job.index, headGeneration, chunkStart: slot.start, chunkEnd, suffixStart, findings });
  return findings;
}

/**
 * Runs every rule. A rule with `checkJob` runs per job, and a job parsed job by job keeps its findings
 * across versions while its text, its index, the head and the settings stay the same.
 */
export function runRules(parsed: ParsedConfig, settings: Settings, logError?: LogError): Finding[] {
  const findings: Finding[] = [];
  const model = parsed.model;
  const ctx = { version: settings.prometheusVersion, model };
  const text = model.document.text;
  const chunks = model.document.jobChunks;
  const slots = chunks && chunks.slots.length === model.jobs.length ? chunks.slots : undefined;
  // Hardening: no secret of the document reaches a message or a log, whatever a rule writes (redact.ts).
  const redact = createRedactor(model);
  const log = logError && ((message: string) => logError(redact(message)));
  for (const rule of RULES) {
    try {
      for (const f of rule.check(model, ctx)) findings.push(normalizeSpan(f, text));
    } catch (error) {
      failed(rule, error, log);
    }
    if (!rule.checkJob) continue;
    model.jobs.forEach((job, i) => {
      for (const f of jobFindings(rule, job, slots?.[i], model, ctx, chunks?.suffixStart ?? 0, chunks?.headGeneration ?? 0, log)) findings.push(f);
    });
  }
  return redactFindings(findings.sort((a, b) => a.start - b.start || a.end - b.end), redact);
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  return {
    parse: (text, previous) => parseConfig(text, previous),
    findings: (parsed, settings) => runRules(parsed, settings, options.logError),
    validate: (parsed, uri, settings) =>
      toDiagnostics(runRules(parsed, settings, options.logError), parsed.model.document.lines, uri, settings, options.docsBaseUrl),
  };
}
