/** The one interface every diagnostic rule implements. */
import type { ConfigModel } from '../model';
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

/** A rule may report several related codes (one walk over the schema reports unknown keys and bad types). */
export interface Rule {
  readonly meta: readonly RuleMeta[];
  check(model: ConfigModel, ctx: RuleContext): Finding[];
}
