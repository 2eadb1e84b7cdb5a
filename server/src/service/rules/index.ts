/** The one registry of diagnostic rules. Order is the order findings are reported in. */
import type { Rule, RuleMeta } from './rule';
import { authConflictRule } from './authConflict';
import { duplicateJobNameRule } from './duplicateJobName';
import { invalidTargetRule } from './invalidTarget';
import { limitsRule } from './limits';
import { schemaRule } from './schemaRules';
import { syntaxRule } from './syntax';
import { timeoutIntervalRule } from './timeoutInterval';

export const RULES: readonly Rule[] = [limitsRule, syntaxRule, schemaRule, duplicateJobNameRule, timeoutIntervalRule, authConflictRule, invalidTargetRule];

export const RULE_META: ReadonlyMap<string, RuleMeta> = new Map(RULES.flatMap((r) => r.meta.map((m) => [m.code, m] as const)));

export type { Rule, RuleMeta, RuleContext } from './rule';
