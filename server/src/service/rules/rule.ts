/** The one interface every diagnostic rule implements. */
import type { EffectiveTimes } from '../effective';
import type { ConfigModel, Job } from '../model';
import type { Finding, PromVersion, Severity, Span } from '../types';

/** What the README and docs/rules/<code>.md say about one diagnostic code. */
export interface RuleMeta {
  /** Stable kebab-case code; never renamed once released. */
  readonly code: string;
  readonly severity: Severity;
  /** One line for the README's rule list. */
  readonly title: string;
}

export interface RuleContext {
  readonly version: PromVersion;
}

/**
 * What a per-job check may read besides its job. Of the head (everything outside scrape_configs) only `global`:
 * the runner keeps a job's findings while these times stay the same (see Rule). Of `model`, the document's text and
 * lines at the job's own offsets, and the `yaml` document to resolve the job's nodes in.
 */
export interface JobRuleContext extends RuleContext {
  readonly model: ConfigModel;
  /** The global scrape_interval and scrape_timeout in force (effectiveGlobal): what a job inherits. */
  readonly global: EffectiveTimes;
}

/** What `check` gets besides the model: for a rule with `jobFacts`, each job's facts, by job index. */
export interface CheckContext extends RuleContext {
  readonly jobFacts: readonly unknown[];
  /** Where a job starts now: a span in its facts is relative to that (see jobSpan). */
  jobStart(jobIndex: number): number;
}

/** A span of the job's text as its facts keep it: relative to the job's start, so the facts never move. */
export function factSpan(job: Job, span: Span): Span {
  const base = job.span.start;
  return { start: span.start - base, end: span.end - base };
}

/** A span from a job's facts, back in the document. */
export function jobSpan(ctx: Pick<CheckContext, 'jobStart'>, jobIndex: number, span: Span): Span {
  const base = ctx.jobStart(jobIndex);
  return { start: span.start + base, end: span.end + base };
}

/**
 * A rule may report several related codes (one walk over the schema reports unknown keys and bad types).
 *
 * A rule that implements `checkJob` splits its work: `checkJob` reports what one scrape job decides on its
 * own (given the settings and the global times it inherits, `ctx.global`), and `check` only what is left (the
 * head, and anything across jobs). The runner calls `check` once and `checkJob` per job, and keeps each job's
 * findings until that job's text, its index, the global times (values, sources and spans) or the settings
 * change; so `checkJob` must not read other jobs nor any other part of the head (an edit of the head keeps the
 * findings), and its findings may point into its job and at the global times' values only.
 * Offsets inside `data` are `{ start, end }` objects or numbers under a key ending in `Offset` (the runner
 * moves both with the job); put no line numbers there. A rule without `checkJob` is run whole on every version.
 *
 * A rule that compares jobs reads them through `jobFacts`, not `model.jobs`: what one job contributes, as
 * plain data (no nodes), under the same contract as `checkJob`, with spans of the job's text relative to the
 * job's start (factSpan, jobSpan). The runner keeps the facts with the job's findings, and as they hold no
 * offset of the document they never move: an edit re-reads the edited job only. `check` gets them in
 * `ctx.jobFacts`, one per job (undefined: the job has nothing to compare).
 */
export interface Rule {
  readonly meta: readonly RuleMeta[];
  check(model: ConfigModel, ctx: CheckContext): Finding[];
  checkJob?(job: Job, ctx: JobRuleContext): Finding[];
  jobFacts?(job: Job, ctx: JobRuleContext): unknown;
}
