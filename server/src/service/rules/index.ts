/** The one registry of diagnostic rules. Order is the order findings are reported in. */
import type { Rule, RuleMeta } from './rule';
import { authConflictRule } from './authConflict';
import { deprecatedBearerTokenRule } from './deprecatedBearerToken';
import { duplicateJobNameRule } from './duplicateJobName';
import { federateHonorLabelsRule } from './federateHonorLabels';
import { federateNoMatchRule } from './federateNoMatch';
import { federateSameTargetRule } from './federateSameTarget';
import { federateStalenessRule } from './federateStaleness';
import { invalidTargetRule } from './invalidTarget';
import { limitsRule } from './limits';
import { liveFederationLimitRule } from './liveFederationLimit';
import { longScrapeIntervalRule } from './longScrapeInterval';
import { plaintextSecretRule } from './plaintextSecret';
import { schemaRule } from './schemaRules';
import { selectorInvalidRule } from './selectorInvalid';
import { selectorOverlapRule } from './selectorOverlap';
import { selectorSuspiciousRule } from './selectorSuspicious';
import { syntaxRule } from './syntax';
import { timeoutIntervalRule } from './timeoutInterval';

export const RULES: readonly Rule[] = [
  // hostile input first: when a limit fires, the other rules see an empty model
  limitsRule,
  syntaxRule,
  schemaRule,
  duplicateJobNameRule,
  timeoutIntervalRule,
  authConflictRule,
  invalidTargetRule,
  // federation: accepted by Prometheus, broken for federation
  federateHonorLabelsRule,
  federateNoMatchRule,
  selectorInvalidRule,
  selectorSuspiciousRule,
  selectorOverlapRule,
  plaintextSecretRule,
  deprecatedBearerTokenRule,
  federateStalenessRule,
  longScrapeIntervalRule,
  federateSameTargetRule,
  // live (opt-in): reported by server/src/preview/, never by the static pass
  liveFederationLimitRule,
];

export const RULE_META: ReadonlyMap<string, RuleMeta> = new Map(RULES.flatMap((r) => r.meta.map((m) => [m.code, m] as const)));

export type { Rule, RuleMeta, RuleContext } from './rule';
