import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findings } from '../helpers';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'federation-rules.yml');

const CODES = [
  'federate-honor-labels',
  'federate-no-match',
  'selector-invalid',
  'selector-suspicious',
  'selector-redundant',
  'selector-overlap',
  'selector-repeated',
  'plaintext-secret',
  'deprecated-bearer-token',
  'federate-staleness',
  'long-scrape-interval',
  'federate-same-target',
];

describe('fixture federation-rules.yml', () => {
  it('shows every federation rule, and no YAML or load error', () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const got = findings(text);
    for (const code of CODES) assert.ok(got.some((f) => f.code === code), `no ${code}`);
    assert.deepEqual(got.filter((f) => !CODES.includes(f.code)).map((f) => f.code), []);
  });
});
