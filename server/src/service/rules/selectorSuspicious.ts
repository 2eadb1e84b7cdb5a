/**
 * match[] selectors /federate accepts but that are almost surely not what was meant, and regex matchers
 * that say more than they need to. /federate skips the checks the query API makes (promql/parser/parse.go
 * checkAST: "at least one non-empty matcher", "metric name must not be set twice"), so nothing else warns.
 */
import type { ConfigModel } from '../model';
import {
  allAcceptEmpty,
  jobSelectors,
  formatSelector,
  hasRedundantAnchors,
  hasRegexMeta,
  matcherAccepts,
  matchesAll,
  matchesNone,
  matchesPresent,
  normalizedMatchers,
  requote,
  stripAnchors,
  type AnalyzedSelector,
  type Matcher,
} from '../selectors';
import type { Finding } from '../types';
import type { Rule } from './rule';

const LEGACY_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The selector with redundant anchors dropped, `=~` without metacharacters as `=`, `{__name__="x"}` as `x`. */
export function simplifySelector(sel: Pick<AnalyzedSelector, 'metricName' | 'matchers'>): string {
  let metricName = sel.metricName;
  const matchers: Matcher[] = [];
  for (const m of sel.matchers) {
    let { op, value } = m;
    if (op === '=~' || op === '!~') {
      if (hasRedundantAnchors(value)) value = stripAnchors(value);
      if (!hasRegexMeta(value)) op = op === '=~' ? '=' : '!=';
    }
    if (metricName === undefined && m.name === '__name__' && op === '=' && LEGACY_NAME.test(value)) metricName = value;
    else matchers.push({ name: m.name, op, value });
  }
  return formatSelector(metricName, matchers);
}

function base(sel: AnalyzedSelector) {
  return { jobIndex: sel.job.index, selectorIndex: sel.ref.index, selectorSpan: sel.span };
}

function suspicious(model: ConfigModel, sel: AnalyzedSelector): Finding | undefined {
  const nameMatchers = sel.matchers.filter((m) => m.name === '__name__');
  if (sel.metricName !== undefined && nameMatchers.length > 0) {
    const same = nameMatchers.every((m) => matcherAccepts(m, sel.metricName as string) === true);
    const at = nameMatchers[0].span ?? sel.span;
    const rest = sel.matchers.filter((m) => m.name !== '__name__');
    return {
      code: 'selector-suspicious',
      ...at,
      message: same
        ? `The metric name is given twice, before the braces and as __name__; the query API refuses this, /federate accepts it. Drop the __name__ matcher.`
        : `The metric name is given twice and the two disagree, so this selector federates nothing (the query API would refuse it: metric name must not be set twice).`,
      data: {
        ...base(sel),
        kind: 'name-twice',
        ...(same ? { replacement: requote(model.document.text, sel.span, formatSelector(sel.metricName, rest)) } : {}),
      },
    };
  }
  const norm = normalizedMatchers(sel);
  let kind: string | undefined;
  let message = '';
  if (norm.length === 0 || norm.some(matchesNone)) {
    kind = 'matches-nothing';
    message = 'This selector matches no series, so it federates nothing. Name a metric or a label value, e.g. {job="node"}.';
  } else if (norm.every((m) => matchesAll(m) || matchesPresent(m))) {
    kind = 'matches-everything';
    message =
      'This selector matches every series of the source Prometheus. Federating everything is what the federation docs warn against: ' +
      'it copies the whole source, is slow and big, and fails on scrape timeouts and limits. Select aggregated series (e.g. {__name__=~"job:.*"}) instead.';
  } else if (norm.every((m) => matchesAll(m) || matchesPresent(m) || m.op === '!=' || m.op === '!~')) {
    kind = 'matches-everything';
    message =
      'This selector only excludes: it matches every series of the source except the ones it names. Federating (nearly) everything is what the ' +
      'federation docs warn against. Select the series you need, e.g. by metric name.';
  } else if (allAcceptEmpty(norm)) {
    kind = 'matches-nothing';
    message =
      'Every matcher here also accepts an absent label, so this selector only picks series that lack these labels — normally none: it federates nothing. ' +
      'Did you mean a non-empty value?';
  }
  if (!kind) return undefined;
  return { code: 'selector-suspicious', ...sel.span, message, data: { ...base(sel), kind } };
}

function redundant(model: ConfigModel, sel: AnalyzedSelector): Finding[] {
  const out: Finding[] = [];
  let simplified: string | undefined;
  let replacement: string | undefined;
  for (const m of sel.matchers) {
    if (m.op !== '=~' && m.op !== '!~') continue;
    const anchors = hasRedundantAnchors(m.value);
    const literal = !hasRegexMeta(stripAnchors(m.value));
    if (!anchors && !literal) continue;
    simplified ??= simplifySelector(sel);
    replacement ??= requote(model.document.text, sel.span, simplified);
    const plain = m.op === '=~' ? '=' : '!=';
    const reasons: string[] = [];
    if (anchors) reasons.push('Prometheus anchors every regex at both ends already, so ^ and $ are redundant');
    if (literal) reasons.push(`the value has no regex metacharacters, so ${plain} says the same thing as ${m.op}`);
    out.push({
      code: 'selector-redundant',
      ...(m.span ?? sel.span),
      message: `${reasons.join('; and ')}. Simpler: ${simplified}`.replace(/^./, (c) => c.toUpperCase()),
      tags: ['unnecessary'],
      // `simplified` is the selector, `replacement` the YAML scalar to write over selectorSpan.
      data: { ...base(sel), label: m.name, anchors, literal, simplified, replacement },
    });
  }
  return out;
}

export const selectorSuspiciousRule: Rule = {
  meta: [
    { code: 'selector-suspicious', severity: 'warning', title: 'A match[] selector that federates nothing or everything, or names the metric twice' },
    { code: 'selector-redundant', severity: 'hint', title: 'Redundant ^...$ anchors or a regex matcher without regex metacharacters' },
  ],
  check: () => [],
  checkJob(job, ctx) {
    const findings: Finding[] = [];
    for (const sel of jobSelectors(ctx.model, job, ctx.version)) {
      if (sel.errors.length > 0) continue;
      const s = suspicious(ctx.model, sel);
      if (s) findings.push(s);
      findings.push(...redundant(ctx.model, sel));
    }
    return findings;
  },
};
