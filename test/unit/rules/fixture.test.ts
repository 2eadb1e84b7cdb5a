import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_META } from '../../../server/src/service/rules';
import { findings } from '../helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'federation-rules.yml');

const DOCS = path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'rules');

const SEVERITIES: Record<string, string> = {
  'federate-honor-labels': 'warning',
  'federate-no-match': 'error',
  'selector-invalid': 'error',
  'selector-suspicious': 'warning',
  'selector-redundant': 'hint',
  'selector-overlap': 'warning',
  'selector-repeated': 'warning',
  'plaintext-secret': 'warning',
  'deprecated-bearer-token': 'info',
  'federate-staleness': 'hint',
  'long-scrape-interval': 'warning',
  'federate-same-target': 'hint',
};
const CODES = Object.keys(SEVERITIES);

describe('fixture federation-rules.yml', () => {
  it('shows every federation rule, and no YAML or load error', () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const got = findings(text);
    for (const code of CODES) assert.ok(got.some((f) => f.code === code), `no ${code}`);
    assert.deepEqual(got.filter((f) => !CODES.includes(f.code)).map((f) => f.code), []);
  });

  for (const code of CODES) {
    it(`${code} is registered with its default severity and has a docs page`, () => {
      assert.equal(RULE_META.get(code)?.severity, SEVERITIES[code]);
      const page = fs.readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
      assert.ok(page.startsWith(`# ${code}\n`));
      assert.ok(page.includes(`**Default severity:** ${SEVERITIES[code]}`));
    });
  }
});
