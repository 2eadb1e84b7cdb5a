/**
 * The rule runner when a rule fails: the failure is logged (redacted, naming the rule), the rule reports nothing
 * (and has no facts) for that job, and every other rule still reports. Both runners: runRules on a parse, and
 * checkOnce, which checks one job at a time and logs once every job's secrets are known.
 */
import * as assert from 'node:assert/strict';
import { checkOnce, parseConfig, runRules } from '../../../server/src/service';
import type { Settings } from '../../../server/src/service/settings';
import type { Finding } from '../../../server/src/service/types';
import { RULES, type Rule } from '../../../server/src/service/rules';
import { DEFAULT_SETTINGS } from '../../../server/src/service/settings';

const CONFIG = `scrape_configs:
  - job_name: a
    honor_labels: true
    metrics_path: /federate
    bearer_token_file: /etc/token
    params:
      'match[]': ['{job="x"}']
    static_configs: [{targets: ['h:9090']}]
  - job_name: b
    basic_auth: {username: u, password: s3cr3t-pass}
    scrape_intervl: 1m
`;

/** Runs `body` with `rule`'s checkJob and jobFacts replaced by ones that throw on job `b`. */
function withFailingRule(rule: Rule, body: () => void): void {
  const { checkJob, jobFacts } = rule;
  const fail = (job: { name: string | undefined }) => {
    if (job.name === 'b') throw new Error('broken rule saw s3cr3t-pass');
  };
  const r = rule as { checkJob?: Rule['checkJob']; jobFacts?: Rule['jobFacts'] };
  if (checkJob) r.checkJob = (job, ctx) => (fail(job), checkJob.call(rule, job, ctx));
  if (jobFacts) r.jobFacts = (job, ctx) => (fail(job), jobFacts.call(rule, job, ctx));
  try {
    body();
  } finally {
    Object.assign(r, { checkJob, jobFacts });
  }
}

type Runner = (text: string, settings: Settings, log?: (m: string) => void) => Finding[];
const RUNNERS: readonly [string, Runner][] = [
  ['runRules', (text, settings, log) => runRules(parseConfig(text), settings, log)],
  ['checkOnce', (text, settings, log) => checkOnce(text, settings, log).findings],
];

for (const [name, run] of RUNNERS) describe(`rules: the runner when a rule throws (${name})`, () => {
  const schema = RULES.find((r) => r.meta.some((m) => m.code === 'unknown-key'))!;
  const overlap = RULES.find((r) => r.meta.some((m) => m.code === 'selector-overlap'))!;

  it('logs the failure redacted, drops that rule on that job only, and keeps every other finding', () => {
    const expected = run(CONFIG, DEFAULT_SETTINGS).map((f) => f.code);
    if (name === 'checkOnce') assert.ok(checkOnce(CONFIG, DEFAULT_SETTINGS).byJob, 'checked job by job');
    assert.ok(expected.includes('unknown-key') && expected.includes('deprecated-bearer-token'), expected.join());
    const logged: string[] = [];
    withFailingRule(schema, () => {
      const codes = run(CONFIG, DEFAULT_SETTINGS, (m) => logged.push(m)).map((f) => f.code);
      // The unknown key is in job b, where the schema rule failed; everything else is still reported.
      assert.deepEqual(codes, expected.filter((c) => c !== 'unknown-key'));
    });
    assert.equal(logged.length, 1);
    assert.match(logged[0], /^rule unknown-key failed: Error: broken rule saw <secret>/);
    assert.ok(!logged.join('\n').includes('s3cr3t-pass'));
  });

  it('gives a rule whose facts failed on a job no facts for it, and runs the others', () => {
    const logged: string[] = [];
    withFailingRule(overlap, () => {
      const codes = run(CONFIG, DEFAULT_SETTINGS, (m) => logged.push(m)).map((f) => f.code);
      assert.ok(codes.includes('unknown-key') && codes.includes('deprecated-bearer-token'), codes.join());
    });
    assert.deepEqual(logged.map((m) => m.split(':')[0]), ['rule selector-overlap failed', 'rule selector-overlap failed']);
  });
});
