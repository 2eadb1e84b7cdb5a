/**
 * The rules that compare jobs read per-job facts, which the runner keeps with the job across versions and never
 * moves: so facts must be plain data and must not hold an offset of the document. Both are checked here on every
 * job of real and generated configs: the facts survive a structured clone unchanged, and are the same after the
 * job has moved (text inserted above it, the job list re-parsed job by job from the previous version).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateConfig } from '../../../bench/generate';
import { parseConfig, type ParsedConfig } from '../../../server/src/service';
import { effectiveGlobal } from '../../../server/src/service/effective';
import { RULES } from '../../../server/src/service/rules';
import type { PromVersion } from '../../../server/src/service/types';
import { corpusFiles, REPO } from '../corpusFiles';

const FACT_RULES = RULES.filter((r) => r.jobFacts);

function factsOf(parsed: ParsedConfig, version: PromVersion): unknown[][] {
  const ctx = { version, model: parsed.model, global: effectiveGlobal(parsed.model) };
  return parsed.model.jobs.map((job) => FACT_RULES.map((rule) => rule.jobFacts!(job, ctx)));
}

describe('rules: job facts', () => {
  it('four rules compare jobs through facts', () => {
    assert.deepEqual(
      FACT_RULES.map((r) => r.meta[0].code),
      ['duplicate-job-name', 'selector-overlap', 'long-scrape-interval', 'federate-same-target'],
    );
  });

  it('are plain data and the same wherever the job is', () => {
    const texts = [
      fs.readFileSync(path.join(REPO, 'examples', 'federation.yml'), 'utf8'),
      ...corpusFiles().map((f) => f.text),
      generateConfig(300),
      // Two jobs on one target with overlapping selectors, a duplicate name, a long global interval.
      [
        'global:',
        '  scrape_interval: 10m',
        'scrape_configs:',
        '  - job_name: a',
        '    static_configs: [{targets: ["p:9090"]}]',
        '  - job_name: a',
        '    metrics_path: /federate',
        "    params: {'match[]': ['{job=\"x\"}', 'up']}",
        '    static_configs: [{targets: ["p:9090"]}]',
        '  - job_name: b',
        '    metrics_path: /federate',
        "    params: {'match[]': ['{job=\"x\"}']}",
        '    static_configs: [{targets: ["p:9090"]}]',
        '',
      ].join('\n'),
    ];
    let compared = 0;
    let present = 0;
    for (const text of texts) {
      for (const version of ['2', '3'] as const) {
        const before = parseConfig(text);
        const facts = factsOf(before, version);
        assert.deepEqual(structuredClone(facts), facts);
        // Every job moves down by one line; the job-by-job parse keeps the unchanged jobs' nodes.
        const moved = factsOf(parseConfig(`# moved\n${text}`, before), version);
        assert.deepEqual(moved, facts);
        compared += facts.length;
        present += facts.flat().filter((f) => f !== undefined).length;
      }
    }
    assert.ok(compared > 500 && present > 1000, `${compared} jobs compared, ${present} facts present`);
  });
});
