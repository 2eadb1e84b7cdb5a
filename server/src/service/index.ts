/**
 * The language service: pure functions over a parsed document. No LSP transport, no file system, no
 * network; the server and the CLI both call it.
 */
import { YAMLMap } from 'yaml';
import { isMap } from './nodeKinds';
import { brokenJobSyntax, parseConfigDocument, parseWholeDocument, planConfigDocument, type ConfigDocument, type ParseBase } from './document';
import { adoptPlan, createIncrementalState, jobItems, planSlot, type JobPlan } from './incremental';
import { effectiveGlobal, type EffectiveTimes, type EffectiveValue } from './effective';
import { buildJob, buildModel, slotJob, type ConfigModel, type Job } from './model';
import type { LineIndex } from './ranges';
import { createRedactor, headSecrets, redactFindings, redactorOf, secretOrder, slotSecrets, type Redactor } from './redact';
import { RULES, type Rule } from './rules';
import type { JobRuleContext } from './rules/rule';
import type { JobSlot } from './incremental';
import type { Settings } from './settings';
import type { Finding } from './types';

export interface ParsedConfig {
  readonly model: ConfigModel;
}

/**
 * A version parseConfig was told not to parse whole (`allowWhole: false`) and did not: nothing to read, only the
 * base the next version's parse starts from, in place of a ParsedConfig.
 */
export interface UnparsedConfig {
  readonly unparsed: ParseBase;
}

export interface LanguageServiceOptions {
  /** Where internal failures are reported (a rule that threw); never user text or secrets. */
  readonly logError?: (message: string) => void;
}

export interface LanguageService {
  /** `previous`: the parse of an earlier version of the same document, to reuse (see parseConfig). */
  parse(text: string, previous?: ParsedConfig | UnparsedConfig): ParsedConfig;
  parse(text: string, previous: ParsedConfig | UnparsedConfig | undefined, options: ParseOptions): ParsedConfig | UnparsedConfig;
  findings(parsed: ParsedConfig, settings: Settings): Finding[];
  /** One check of a text that keeps nothing for a next version (see checkOnce): the CLI's. */
  check(text: string, settings: Settings): CheckedText;
}

export interface CheckedText {
  readonly findings: Finding[];
  readonly lines: LineIndex;
  /** Whether the jobs were parsed and checked one at a time (else the text was parsed whole first). */
  readonly byJob: boolean;
}

export interface ParseOptions {
  /**
   * False: a text that cannot be parsed job by job (a syntax error that reaches past its job, see incremental.ts)
   * is left unparsed, for a caller that would rather wait than parse a large text whole while it is being typed.
   */
  readonly allowWhole: boolean;
  /**
   * The settings the parse will be checked with. A first parse then checks each job as it parses it and keeps its
   * findings, not its nodes (parseChecked): `findings` with these settings reads them, and a request that reads a
   * job's nodes parses that job again.
   */
  readonly checkWith?: Settings;
}

/**
 * Parses one version of a config. With `previous`, the parse of an earlier version of the same document,
 * unchanged jobs keep their parse and their findings; `previous` must not be used afterwards (its nodes move).
 */
export function parseConfig(text: string, previous?: ParsedConfig | UnparsedConfig): ParsedConfig;
export function parseConfig(text: string, previous: ParsedConfig | UnparsedConfig | undefined, options: ParseOptions, logError?: LogError): ParsedConfig | UnparsedConfig;
export function parseConfig(text: string, previous?: ParsedConfig | UnparsedConfig, options?: ParseOptions, logError?: LogError): ParsedConfig | UnparsedConfig {
  const base = previous && ('unparsed' in previous ? previous.unparsed : previous.model.document);
  if (!base && options?.checkWith) return parseChecked(text, options.allowWhole, options.checkWith, logError);
  const document = parseConfigDocument(text, base, options?.allowWhole ?? true);
  return 'lines' in document ? { model: buildModel(document) } : { unparsed: document };
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

/** Where a job's cached findings were, and by how much its text and the text after the job list have moved. */
interface Move {
  readonly chunkStart: number;
  readonly chunkEnd: number;
  readonly suffixStart: number;
  readonly dJob: number;
  readonly dSuffix: number;
}

/** Whether `o[k]`, a number, is an offset: under a key ending in `Offset`, or `start` and `end` of a span. */
function isOffsetKey(o: Record<string, unknown>, k: string): boolean {
  return k.endsWith('Offset') || ((k === 'start' || k === 'end') && typeof o.start === 'number' && typeof o.end === 'number');
}

function moveOffset(o: number, m: Move): number {
  return o >= m.chunkStart && o <= m.chunkEnd ? o + m.dJob : o >= m.suffixStart ? o + m.dSuffix : o;
}

/**
 * `value` with its offsets moved: numbers under a key ending in `Offset` (`insertAfterOffset`), and `start` and
 * `end` of `{ start, end }` spans. Objects with nothing to move are kept, not copied (findings are never mutated).
 */
function moveData(value: unknown, depth: number, m: Move): unknown {
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const moved = moveData(value[i], depth + 1, m);
      if (moved !== value[i]) (out ??= value.slice())[i] = moved;
    }
    return out ?? value;
  }
  const o = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in o) {
    const v = o[k];
    const moved = typeof v === 'number' ? (isOffsetKey(o, k) ? moveOffset(v, m) : v) : moveData(v, depth + 1, m);
    if (moved !== v) (out ??= { ...o })[k] = moved;
  }
  return out ?? o;
}

/** Whether `value` holds an offset (as moveData finds them) outside [from, to]. */
function offsetOutside(value: unknown, depth: number, from: number, to: number): boolean {
  if (value === null || typeof value !== 'object' || depth > 4) return false;
  if (Array.isArray(value)) return value.some((v) => offsetOutside(v, depth + 1, from, to));
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number' ? isOffsetKey(o, k) && (v < from || v > to) : offsetOutside(v, depth + 1, from, to)) return true;
  }
  return false;
}

/** Whether a job's findings point outside the job [from, to] (at a global time's value: rule.ts). */
function pointsOutside(byRule: readonly (readonly Finding[])[], from: number, to: number): boolean {
  for (const list of byRule) {
    for (const f of list) {
      if (f.start < from || f.end > to || (f.related && offsetOutside(f.related, 0, from, to)) || (f.data && offsetOutside(f.data, 0, from, to))) return true;
    }
  }
  return false;
}

/**
 * Moves a cached finding's offsets: those in its job by `dJob`, those after the job list by `dSuffix`. A finding
 * whose offsets all stay (a job before the edit) is returned as it is.
 */
function moveFinding(f: Finding, m: Move): Finding {
  const start = moveOffset(f.start, m);
  const end = moveOffset(f.end, m);
  const related = f.related && (moveData(f.related, 0, m) as Finding['related']);
  const data = f.data && (moveData(f.data, 0, m) as Finding['data']);
  if (start === f.start && end === f.end && related === f.related && data === f.data) return f;
  const moved: { -readonly [K in keyof Finding]: Finding[K] } = { ...f, start, end };
  if (related !== f.related) moved.related = related;
  if (data !== f.data) moved.data = data;
  return moved;
}

type LogError = (message: string) => void;

function failed(rule: Rule, error: unknown, logError?: LogError): void {
  logError?.(`rule ${rule.meta[0]?.code ?? '?'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** The rules that report per job, in registry order, with their position in the registry. */
const JOB_RULES: readonly { rule: Rule; order: number }[] = RULES.flatMap((rule, order) => (rule.checkJob ? [{ rule, order }] : []));
/** The rules that compare jobs through per-job facts, in registry order. */
const FACT_RULES: readonly Rule[] = RULES.filter((rule) => rule.jobFacts);
const NO_FACTS: readonly unknown[] = [];

/** A finding and the registry position of the rule that reported it: equal spans keep the registry's order. */
interface Ordered {
  readonly f: Finding;
  readonly order: number;
}

/** What the rules make of one job on its own: findings by JOB_RULES, facts by FACT_RULES. */
interface JobResult {
  readonly byRule: (readonly Finding[])[];
  readonly facts: unknown[];
}

/** The list every rule that found nothing in a job shares: most rules find nothing in most jobs. */
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** The findings with normalizeSpan applied; the same list when that changes none. */
function normalizeAll(list: readonly Finding[], text: string): readonly Finding[] {
  if (list.length === 0) return NO_FINDINGS;
  let out: Finding[] | undefined;
  for (let k = 0; k < list.length; k++) {
    const f = normalizeSpan(list[k], text);
    if (f !== list[k]) (out ??= list.slice())[k] = f;
  }
  return out ?? list;
}

/** Every per-job rule's findings and every rule's facts for one job, from scratch. */
function runJob(job: Job, ctx: JobRuleContext, logError?: LogError): JobResult {
  const text = ctx.model.document.text;
  const byRule = new Array<readonly Finding[]>(JOB_RULES.length);
  for (let r = 0; r < JOB_RULES.length; r++) {
    const rule = JOB_RULES[r].rule;
    try {
      byRule[r] = normalizeAll(rule.checkJob!(job, ctx), text);
    } catch (error) {
      failed(rule, error, logError);
      byRule[r] = NO_FINDINGS;
    }
  }
  const facts = new Array<unknown>(FACT_RULES.length);
  for (let r = 0; r < FACT_RULES.length; r++) {
    const rule = FACT_RULES[r];
    try {
      facts[r] = rule.jobFacts!(job, ctx);
    } catch (error) {
      failed(rule, error, logError);
      facts[r] = undefined;
    }
  }
  return { byRule, facts };
}

/**
 * What per-job findings read outside their job: the global times as they may show them (their values and where each
 * comes from), and the document's line break, which the text of a key a fix inserts starts with (federation.ts).
 */
function headKey(global: EffectiveTimes, lines: LineIndex): string {
  return `${global.interval.ms} ${global.interval.source}/${global.timeout.ms} ${global.timeout.source} ${JSON.stringify(lines.lineBreak())}`;
}

/** Where the global times' values are: a job's findings that point at them depend on that too. */
function headSpansKey(global: EffectiveTimes): string {
  const at = (t: EffectiveValue) => (t.entry?.value?.range ? `${t.entry.value.range[0]}-${t.entry.value.range[1]}` : '');
  return `${at(global.interval)}/${at(global.timeout)}`;
}

/**
 * What per-job findings depend on in the head (rule.ts: `ctx.global` is all a per-job rule reads of it): while it
 * stays the same, an edit of the head keeps every job's findings; those of a job whose findings point at a global
 * time's value are kept while that value stays where it is, too.
 */
interface Head {
  readonly key: string;
  readonly spans: string;
}

/** Every per-job rule's findings and facts for one job, from the job's slot when nothing they depend on changed. */
function jobResult(job: Job, slot: JobSlot | undefined, ctx: JobRuleContext, suffixStart: number, head: Head, logError?: LogError): JobResult {
  if (!slot) return runJob(job, ctx, logError);
  const cached = slot.findings;
  if (cached && cached.version === ctx.version && cached.index === job.index && cached.head === head.key && (cached.headSpans === undefined || cached.headSpans === head.spans)) {
    const dJob = slot.start - cached.chunkStart;
    const dSuffix = suffixStart - cached.suffixStart;
    if (dJob !== 0 || dSuffix !== 0) {
      const move: Move = { chunkStart: cached.chunkStart, chunkEnd: cached.chunkEnd, suffixStart: cached.suffixStart, dJob, dSuffix };
      cached.byRule = cached.byRule.map((list) => (list.length ? list.map((f) => moveFinding(f, move)) : list));
      [cached.chunkStart, cached.chunkEnd, cached.suffixStart] = [slot.start, slot.start + slot.text.length, suffixStart];
    }
    return cached;
  }
  const result = runJob(job, ctx, logError);
  const chunkEnd = slot.start + slot.text.length;
  const headSpans = pointsOutside(result.byRule, slot.start, chunkEnd) ? head.spans : undefined;
  slot.findings = { version: ctx.version, index: job.index, head: head.key, headSpans, chunkStart: slot.start, chunkEnd, suffixStart, ...result };
  return result;
}

/**
 * Runs every rule. A rule with `checkJob` runs per job, and a job parsed job by job keeps its findings (and its
 * facts for the rules that compare jobs) across versions while its text, its index, the global times it inherits
 * and the settings stay the same. Findings come sorted by span; equal spans in registry order, then in the order each rule
 * reported them (`check` before `checkJob`).
 */
export function runRules(parsed: ParsedConfig, settings: Settings, logError?: LogError): Finding[] {
  const model = parsed.model;
  const ctx: JobRuleContext = { version: settings.prometheusVersion, model, global: effectiveGlobal(model) };
  const head: Head = { key: headKey(ctx.global, model.document.lines), spans: headSpansKey(ctx.global) };
  const chunks = model.document.jobChunks;
  const slots = chunks && chunks.slots.length === model.jobs.length ? chunks.slots : undefined;
  // Hardening: no secret of the document reaches a message or a log, whatever a rule writes (redact.ts).
  const redact = createRedactor(model);
  const log = logError && ((message: string) => logError(redact(message)));
  const jobs = model.jobs;
  const fromJobs: Ordered[] = [];
  const facts: unknown[][] = FACT_RULES.map(() => new Array(jobs.length));
  for (let i = 0; i < jobs.length; i++) {
    const slot = slots?.[i];
    // A job whose slot let go of its nodes (parseChecked) and must be checked again (other settings, another index)
    // is parsed for its check and let go of again, as on the first check.
    const held = slot?.held ?? true;
    addJobResult(jobResult(jobs[i], slot, ctx, chunks?.suffixStart ?? 0, head, log), i, fromJobs, facts);
    if (!held) slot!.release();
  }
  return finish(model, ctx.version, fromJobs, facts, (i) => jobs[i].span.start, redact, log);
}

/** Adds job `index`'s result to a run's findings and facts. */
function addJobResult(result: JobResult, index: number, fromJobs: Ordered[], facts: unknown[][]): void {
  const byRule = result.byRule;
  for (let r = 0; r < byRule.length; r++) {
    const list = byRule[r];
    for (let k = 0; k < list.length; k++) fromJobs.push({ f: list[k], order: JOB_RULES[r].order });
  }
  for (let r = 0; r < facts.length; r++) facts[r][index] = result.facts[r];
}

/** Every rule's `check` on the jobs' facts, then the jobs' findings: sorted, spans normalised, messages redacted. */
function finish(model: ConfigModel, version: Settings['prometheusVersion'], fromJobs: readonly Ordered[], facts: readonly unknown[][], jobStart: (i: number) => number, redact: Redactor, log?: LogError): Finding[] {
  const text = model.document.text;
  const all: Ordered[] = [];
  RULES.forEach((rule, order) => {
    const jobFacts = rule.jobFacts ? facts[FACT_RULES.indexOf(rule)] : NO_FACTS;
    try {
      for (const f of rule.check(model, { version, jobFacts, jobStart })) all.push({ f: normalizeSpan(f, text), order });
    } catch (error) {
      failed(rule, error, log);
    }
  });
  for (let k = 0; k < fromJobs.length; k++) all.push(fromJobs[k]);
  // Stable: within one rule, `check`'s findings, then the jobs' in order, as the rule would report them whole.
  all.sort((a, b) => a.f.start - b.f.start || a.f.end - b.f.end || a.order - b.order);
  return redactFindings(all.map((x) => x.f), redact);
}

/**
 * One check of one text that keeps nothing for a next version (the CLI's): when the text is parsed job by job, each
 * job is parsed, checked and let go before the next, so a large file's nodes die young in V8's young generation
 * instead of all living to the end of the check (docs/performance.md). The findings are runRules(parseConfig(text))'s:
 * a test compares the two.
 */
export function checkOnce(text: string, settings: Settings, logError?: LogError): CheckedText {
  const { document, plan } = planConfigDocument(text);
  const findings = plan && checkPlanned(document, plan, settings, logError);
  if (findings) return { findings, lines: document.lines, byJob: true };
  // Parsed whole, as parseConfig would after the same refusal; the input guard's findings are kept, not redone.
  const whole = plan ? parseWholeDocument(text, document.lines, document.limits) : document;
  return { findings: runRules({ model: buildModel(whole) }, settings, logError), lines: whole.lines, byJob: false };
}

/** runRules on a planned document, a job at a time; undefined when a job cannot be parsed on its own. */
function checkPlanned(document: ConfigDocument, plan: JobPlan, settings: Settings, logError?: LogError): Finding[] | undefined {
  const count = plan.count;
  // The head's model, with no jobs: no rule's `check` reads them (rule.ts).
  const jobList = plan.skeleton.seq;
  jobList.items = [];
  const model = buildModel(document);
  // The list holds the job being checked at its index (credentialSites compares), then a stand-in for each
  // job's mapping, which every `check` skips as a job's; an item that is not a mapping stays, as it is no job's.
  const items: unknown[] = new Array(count).fill(null);
  jobList.items = items;
  const standIn = new YAMLMap(plan.yaml.schema);
  const ctx: JobRuleContext = { version: settings.prometheusVersion, model, global: effectiveGlobal(model) };
  const text = document.text;
  const secrets = new Set<string>();
  headSecrets(model, plan.layout.items[0].start, plan.layout.suffixStart, secrets);
  // A rule that fails is logged once every job's secrets are known.
  const failures: string[] = [];
  const fromJobs: Ordered[] = [];
  const facts: unknown[][] = FACT_RULES.map(() => new Array(count));
  const starts = new Array<number>(count);
  const broken: JobSlot[] = [];
  for (let i = 0; i < count; i++) {
    const slot = planSlot(text, plan, i);
    if (!slot) return undefined;
    if (slot.broken) broken.push(slot);
    for (const s of slotSecrets(slot)) secrets.add(s);
    items[i] = slot.node;
    const job = buildJob(i, slot.node, document.yaml);
    starts[i] = job.span.start;
    addJobResult(runJob(job, ctx, (m) => failures.push(m)), i, fromJobs, facts);
    if (isMap(slot.node)) items[i] = standIn;
  }
  // The syntax rule reads the document's syntax findings, which a planned document leaves to its check (document.ts).
  const headErrors = plan.skeleton.headErrors;
  if (broken.length > 0 || headErrors.length > 0) (document.syntax as Finding[]).push(...brokenJobSyntax(text, document.lines, broken, headErrors, plan.layout));
  const redact = redactorOf(() => secretOrder(secrets));
  const log = logError && ((message: string) => logError(redact(message)));
  if (log) for (const m of failures) log(m);
  return finish(model, ctx.version, fromJobs, facts, (i) => starts[i], redact, log);
}

/**
 * The first parse of a document, its jobs checked as they are parsed (ParseOptions.checkWith). Each job is parsed,
 * run through every per-job rule as runRules would (its findings and facts kept in its slot, where runRules finds
 * them), and let go of: its nodes die young, as in checkOnce, instead of all surviving to the end of the check
 * (docs/performance.md), and a job nobody reads later is never parsed again. What parseConfig gives otherwise.
 */
function parseChecked(text: string, allowWhole: boolean, settings: Settings, logError?: LogError): ParsedConfig | UnparsedConfig {
  const state = createIncrementalState();
  const { document, plan } = planConfigDocument(text, state);
  if (!plan) return { model: buildModel(document) };
  const lines = document.lines;
  const slots: JobSlot[] = [];
  const seq = plan.skeleton.seq;
  // The list holds the jobs parsed so far: a rule reads its job's item there (credentialSites compares).
  seq.items = jobItems(slots);
  // The head's model, with no jobs: no per-job rule reads the others (rule.ts).
  const head = buildModel(document);
  const ctx: JobRuleContext = { version: settings.prometheusVersion, model: head, global: effectiveGlobal(head) };
  const keys: Head = { key: headKey(ctx.global, lines), spans: headSpansKey(ctx.global) };
  const failures: string[] = [];
  const log = (m: string) => failures.push(m);
  for (let i = 0; i < plan.count; i++) {
    const slot = planSlot(text, plan, i);
    if (!slot) return allowWhole ? { model: buildModel({ ...parseWholeDocument(text, lines, document.limits), incremental: state }) } : { unparsed: { text, incremental: state } };
    slots.push(slot);
    const { job, full } = slotJob(i, slot);
    slot.job = job;
    slot.secrets ??= slotSecrets(slot);
    jobResult(full, slot, ctx, plan.layout.suffixStart, keys, log);
    slot.release();
  }
  const chunks = adoptPlan(text, plan, slots);
  const syntax = brokenJobSyntax(text, lines, slots, chunks.headErrors, chunks);
  const model = buildModel({ ...document, syntax, jobChunks: chunks });
  if (logError && failures.length > 0) {
    const redact = createRedactor(model);
    for (const m of failures) logError(redact(m));
  }
  return { model };
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  return {
    // Both overloads of `parse` in one: without options, a parse that may go whole (parseConfig's default).
    parse: ((text: string, previous?: ParsedConfig | UnparsedConfig, parseOptions?: ParseOptions) => parseConfig(text, previous, parseOptions ?? { allowWhole: true }, options.logError)) as LanguageService['parse'],
    findings: (parsed, settings) => runRules(parsed, settings, options.logError),
    check: (text, settings) => checkOnce(text, settings, options.logError),
  };
}
