import * as assert from 'node:assert/strict';
import { expectSpans, findings, table } from '../helpers';

describe('plaintext-secret', () => {
  table('plaintext-secret', [
    { title: 'bearer_token in a job', text: 'scrape_configs:\n  - job_name: a\n    ⟦bearer_token⟧: abc\n', message: 'bearer_token_file' },
    { title: 'authorization.credentials', text: 'scrape_configs:\n  - job_name: a\n    authorization:\n      type: Bearer\n      ⟦credentials⟧: "abc"\n', message: 'authorization.credentials' },
    { title: 'basic_auth.password', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      ⟦password⟧: p\n', message: 'password_file' },
    { title: 'oauth2.client_secret', text: 'scrape_configs:\n  - job_name: a\n    oauth2:\n      client_id: c\n      ⟦client_secret⟧: s\n      token_url: https://x/token\n' },
    { title: 'remote_write', text: 'remote_write:\n  - url: https://x/api/v1/write\n    basic_auth:\n      username: u\n      ⟦password⟧: p\n' },
    { title: 'alertmanagers', text: 'alerting:\n  alertmanagers:\n    - authorization:\n        ⟦credentials⟧: t\n' },
    { title: 'service discovery block', text: 'scrape_configs:\n  - job_name: a\n    consul_sd_configs:\n      - server: c:8500\n        basic_auth: {username: u, ⟦password⟧: p}\n' },
    { title: 'the file forms are fine', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password_file: /p\n    bearer_token_file: /t\n' },
    { title: 'empty values are not secrets', text: 'scrape_configs:\n  - job_name: a\n    bearer_token: ""\n    basic_auth:\n      password:\n' },
    { title: 'a password outside basic_auth is not ours', text: 'scrape_configs:\n  - job_name: a\n    something:\n      password: p\n' },
  ]);

  it('never repeats the secret, and carries the spans a fix needs', () => {
    const text = 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password: HUNTER2-SECRET\n';
    const [f] = findings(text).filter((x) => x.code === 'plaintext-secret');
    assert.ok(!f.message.includes('HUNTER2'));
    assert.equal(f.data?.fileKey, 'password_file');
    const valueSpan = f.data?.valueSpan as { start: number; end: number };
    assert.equal(text.slice(valueSpan.start, valueSpan.end), 'HUNTER2-SECRET');
    assert.equal(f.data?.indent, 6);
    assert.ok(!JSON.stringify(f.data).includes('HUNTER2'));
  });
});

describe('deprecated-bearer-token', () => {
  table('deprecated-bearer-token', [
    { title: 'bearer_token', text: 'scrape_configs:\n  - job_name: a\n    ⟦bearer_token⟧: abc\n', message: 'since Prometheus 2.26.0' },
    { title: 'bearer_token_file', text: 'scrape_configs:\n  - job_name: a\n    ⟦bearer_token_file⟧: /t\n', message: 'credentials_file' },
    { title: 'in remote_read', text: 'remote_read:\n  - url: http://x/read\n    ⟦bearer_token_file⟧: /t\n' },
    { title: 'authorization is the new form', text: 'scrape_configs:\n  - job_name: a\n    authorization:\n      credentials_file: /t\n' },
    { title: "label names like Object's properties", text: 'global:\n  external_labels:\n    constructor: x\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a:1]\n        labels:\n          toString: y\n' },
  ]);

  it('reports a mapping that two jobs share (an alias) once, where it is written', () => {
    // The credential rules share one walk per job: the job written as an alias must not get its mapping's sites.
    const text = 'scrape_configs:\n  - &a\n    job_name: a\n    bearer_token_file: /t\n    basic_auth: {username: u, password_file: /p}\n  - *a\n  - job_name: b\n    bearer_token_file: /t\n';
    const at = (code: string) => findings(text).filter((f) => f.code === code).map((f) => f.start);
    assert.deepEqual(at('deprecated-bearer-token'), [text.indexOf('bearer_token_file'), text.lastIndexOf('bearer_token_file')]);
    assert.deepEqual(at('auth-conflict'), [text.indexOf('basic_auth')]);
  });

  it('names the key, never the token', () => {
    const [f] = expectSpans('scrape_configs:\n  - job_name: a\n    ⟦bearer_token⟧: TOPSECRET\n', 'deprecated-bearer-token');
    assert.deepEqual(f.tags, ['deprecated']);
    assert.deepEqual(f.data, { key: 'bearer_token' });
    assert.ok(!JSON.stringify(f.data).includes('TOPSECRET'));
    assert.ok(!f.message.includes('TOPSECRET'));
  });
});
