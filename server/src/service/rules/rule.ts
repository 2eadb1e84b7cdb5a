/** The one interface every diagnostic rule implements. */
import type { ConfigModel, Job } from '../model';
import type { Finding, PromVersion, Severity } from '../types';

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

/** What a per-job check may read besides its job: the settings and the file, for its head (`global`, ...). */
export interface JobRuleContext extends RuleContext {
  readonly model: ConfigModel;
}

/**
 * A rule may report several related codes (one walk over the schema reports unknown keys and bad types).
 *
 * A rule that implements `checkJob` splits its work: `checkJob` reports what one scrape job decides on its
 * own (given the settings and the head of the file: everything outside scrape_configs), and `check` only
 * what is left (the head, and anything across jobs). The runner calls `check` once and `checkJob` per job,
 * and keeps each job's findings until that job's text, its index, the head or the settings change; so
 * `checkJob` must not read other jobs, and its findings may point into its job and into the head only.
 * Offsets inside `data` are `{ start, end }` objects or numbers under a key ending in `Offset` (the runner
 * moves both with the job); put no line numbers there. A rule without `checkJob` is run whole on every version.
 */
export interface Rule {
  readonly meta: readonly RuleMeta[];
  check(model: ConfigModel, ctx: RuleContext): Finding[];
  checkJob?(job: Job, ctx: JobRuleContext): Finding[];
}
