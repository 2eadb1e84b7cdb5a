/**
 * The redactor's secrets on the per-job path: a job whose text mayHoldSecrets rules out is not walked at all,
 * so the rule must never rule out a job that holds one. Random jobs written from secret-looking keys (quoted,
 * escaped, explicit, nested, in flow) and values (userinfo, query parameters) are checked parsed job by job
 * against a parse of the whole text.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseConfig } from '../../server/src/service';
import { parseWholeDocument } from '../../server/src/service/document';
import { buildModel } from '../../server/src/service/model';
import { collectSecrets, mayHoldSecrets } from '../../server/src/service/redact';

const KEYS = [
  'password', 'passwd', 'Password', 'x_token', 'bearer_token', 'bearer_token_file', 'token_file', 'api_key', 'apikey', 'key', 'client_secret',
  'secret_key', 'user', 'my password', '"password"', "'password'", '"pass\\x77ord"', '"bearer\\u005Ftoken"', "'pass''word'", 'password ',
];
const VALUES = [
  'hunter22', '"quoted secret"', "'single quoted'", 'http://u:pw1234@host:9090', 'https://h/x?token=abcd1234&a=b', '[a1234, b5678]', '{k: v12345}',
  '/etc/secret/file', 'plain-value', '"esc\\"aped"',
];

/** One job's lines: `key: value` at the job's level, under a block, explicit, or in a flow mapping. */
const line = fc.oneof(
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `    ${k}: ${v}`),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `    tls_config:\n      ${k}: ${v}`),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `    ? ${k}\n    : ${v}`),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([k, v]) => `    params: {${k}: ${v}}`),
  fc.constantFrom('    scrape_interval: 30s', '    # password: in a comment', '    metrics_path: /federate'),
);

function config(jobLines: readonly string[]): { text: string; job: string } {
  const job = `  - job_name: random\n${jobLines.join('\n')}\n`;
  return { text: `global:\n  scrape_interval: 15s\nscrape_configs:\n${job}  - job_name: other\n    scrape_interval: 1m\n`, job };
}

describe('redact: secrets of jobs parsed one by one', function () {
  this.timeout(60_000);

  it('rules out only jobs without secrets, and finds what a whole parse finds, on 2 000 random jobs', () => {
    let ruledOut = 0;
    let perJob = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const { text, job } = config(lines);
        const parsed = parseConfig(text);
        const whole = buildModel(parseWholeDocument(text));
        // Only texts that parse are checked job by job; the others take the whole-text path anyway.
        if (!parsed.model.document.jobChunks) return;
        perJob++;
        const secrets = [...collectSecrets(parsed.model)].sort();
        assert.deepEqual(secrets, [...collectSecrets(whole)].sort(), text);
        if (!mayHoldSecrets(job)) {
          ruledOut++;
          assert.deepEqual(secrets, [], `ruled out, yet holds secrets:\n${text}`);
        }
      }),
      { numRuns: 2000 },
    );
    // The property must have exercised both sides of the rule.
    assert.ok(perJob > 500, `only ${perJob} configs parsed job by job`);
    assert.ok(ruledOut > 50, `only ${ruledOut} jobs ruled out`);
  });

  it('keeps jobs whose secret hides behind an escape, an explicit key or a URL', () => {
    for (const job of ['    "pass\\x77ord": hunter22', '    ? password\n    : hunter22', '    url: http://u:pw1234@h', '    u: /x?token=abcd1234']) {
      assert.equal(mayHoldSecrets(job), true, job);
      const { text } = config([job]);
      assert.ok(collectSecrets(parseConfig(text).model).length > 0, job);
    }
    for (const job of ['    bearer_token_file: /etc/token', '    regex: a\\.b', '    honor_labels: true']) assert.equal(mayHoldSecrets(job), false, job);
  });
});
