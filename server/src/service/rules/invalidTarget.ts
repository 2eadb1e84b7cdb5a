/**
 * static_configs targets that are URLs or carry a path. Checked only for jobs without relabel_configs,
 * as Prometheus does. Mirrors config/config.go: CheckTargetAddress and ScrapeConfig.Validate.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { entriesOf, findEntry, resolve, spanOf } from '../model';
import type { Finding } from '../types';
import type { Rule } from './rule';

export const invalidTargetRule: Rule = {
  meta: [{ code: 'invalid-target', severity: 'error', title: 'A static target that is a URL or contains a path' }],
  check(model) {
    const findings: Finding[] = [];
    const doc = model.document.yaml;
    for (const job of model.jobs) {
      const relabel = job.get('relabel_configs')?.value;
      if (isSeq(relabel) && relabel.items.length > 0) continue;
      const statics = job.get('static_configs')?.value;
      if (!isSeq(statics)) continue;
      for (const group of statics.items) {
        const g = resolve(group, doc);
        if (!isMap(g)) continue;
        const targets = findEntry(entriesOf(g, doc), 'targets')?.value;
        if (!isSeq(targets)) continue;
        for (const raw of targets.items) {
          const t = resolve(raw, doc);
          if (!isScalar(t) || t.value === null) continue;
          const address = String(t.value);
          if (!address.includes('/')) continue;
          const url = /^(https?):\/\/([^/]+)(\/.*)?$/.exec(address);
          const hint = url
            ? ` Write the target as "${url[2]}"${url[1] === 'https' ? ', set scheme: https' : ''}${url[3] && url[3] !== '/' ? `, and put the path in metrics_path (${url[3]})` : ''}.`
            : ' A target is host:port; the path belongs in metrics_path.';
          findings.push({
            code: 'invalid-target',
            ...spanOf(t),
            message: `A target is a host:port, not a URL or a path (Prometheus: "${address}" is not a valid hostname).${hint}`,
            data: url ? { host: url[2], scheme: url[1], path: url[3] ?? '' } : {},
          });
        }
      }
    }
    return findings;
  },
};
