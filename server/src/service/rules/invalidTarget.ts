/**
 * Static targets that are URLs or carry a path, in scrape jobs and Alertmanager configs.
 * Mirrors config/config.go: CheckTargetAddress (checked at load when there are no relabel_configs), and
 * cmd/promtool/main.go: checkTargetGroupsForScrapeConfig (promtool also checks the address after relabeling).
 */
import { isMap, isScalar, isSeq } from '../nodeKinds';
import { entriesOf, findEntry, resolve, scalarString, spanOf, type ConfigModel, type Entry } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

/** Relabel actions that can never drop a target or change `__address__` unless they target it. */
const ADDRESS_PRESERVING = new Set(['replace', 'hashmod', 'lowercase', 'uppercase']);

/**
 * Whether the rules certainly leave `__address__` as written. Anything that may drop targets or rewrite the
 * address (keep/drop, labelmap, labeldrop, a rule writing __address__) makes the outcome unknown: say nothing.
 */
function relabelKeepsAddress(rules: readonly unknown[], model: ConfigModel): boolean {
  const doc = model.document.yaml;
  for (const raw of rules) {
    const rule = resolve(raw, doc);
    if (!isMap(rule)) return false;
    const entries = entriesOf(rule, doc);
    const action = (scalarString(findEntry(entries, 'action')?.value) ?? 'replace').toLowerCase();
    const target = scalarString(findEntry(entries, 'target_label')?.value) ?? '';
    if (!ADDRESS_PRESERVING.has(action) || target === '__address__' || target.includes('$')) return false;
  }
  return true;
}

function checkStaticConfigs(statics: Entry | undefined, relabel: Entry | undefined, model: ConfigModel, findings: Finding[]): void {
  const doc = model.document.yaml;
  const rules = relabel?.value && isSeq(relabel.value) ? relabel.value.items : [];
  const afterRelabel = rules.length > 0;
  if (afterRelabel && !relabelKeepsAddress(rules, model)) return;
  if (!statics || !isSeq(statics.value)) return;
  statics.value.items.forEach((group, groupIndex) => {
    const g = resolve(group, doc);
    if (!isMap(g)) return;
    const targets = findEntry(entriesOf(g, doc), 'targets')?.value;
    if (!isSeq(targets)) return;
    targets.items.forEach((raw, targetIndex) => {
      const t = resolve(raw, doc);
      if (!isScalar(t) || t.value === null) return;
      const address = String(t.value);
      if (!address.includes('/')) return;
      const url = /^(https?):\/\/([^/]+)(\/.*)?$/.exec(address);
      const hint = url
        ? ` Write the target as "${url[2]}"${url[1] === 'https' ? ', set scheme: https' : ''}${url[3] && url[3] !== '/' ? `, and put the path in metrics_path (${url[3]})` : ''}.`
        : ' A target is host:port; the path belongs in metrics_path.';
      const prometheus = afterRelabel
        ? `promtool: instance ${targetIndex} in group ${groupIndex}: "${address}" is not a valid hostname; Prometheus drops the target`
        : `Prometheus: "${address}" is not a valid hostname`;
      findings.push({
        code: 'invalid-target',
        ...spanOf(t),
        message: `A target is a host:port, not a URL or a path (${prometheus}).${hint}`,
        data: url ? { host: url[2], scheme: url[1], path: url[3] ?? '' } : {},
      });
    });
  });
}

export const invalidTargetRule: Rule = {
  meta: [{ code: 'invalid-target', severity: 'error', title: 'A static target that is a URL or contains a path' }],
  check(model) {
    const findings: Finding[] = [];
    const doc = model.document.yaml;
    const alerting = findEntry(model.rootEntries, 'alerting')?.value;
    const managers = isMap(alerting) ? findEntry(entriesOf(alerting, doc), 'alertmanagers')?.value : undefined;
    if (isSeq(managers)) {
      for (const raw of managers.items) {
        const am = resolve(raw, doc);
        if (!isMap(am)) continue;
        const entries = entriesOf(am, doc);
        checkStaticConfigs(findEntry(entries, 'static_configs'), findEntry(entries, 'relabel_configs'), model, findings);
      }
    }
    return findings;
  },
  checkJob(job, ctx) {
    const findings: Finding[] = [];
    checkStaticConfigs(job.get('static_configs'), job.get('relabel_configs'), ctx.model, findings);
    return findings;
  },
};
