/** federate/credentials.ts: files relative to the config, trimmed secrets, size caps, messages without contents. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveCredentials } from '../../../server/src/federate/credentials';

describe('preview: credential files', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-cred-'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'pw'), '  s3cret-pass \n');
    fs.writeFileSync(path.join(dir, 'big'), 'x'.repeat(70 * 1024));
    fs.writeFileSync(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads *_file relative to the config directory and trims secrets (not PEMs)', async () => {
    const r = await resolveCredentials({ kind: 'basic', username: { value: 'u' }, password: { file: 'sub/pw' } }, { ca: { file: 'ca.pem' }, insecureSkipVerify: false }, { baseDir: dir });
    assert.deepEqual(r, { ok: true, auth: { kind: 'basic', username: 'u', password: 's3cret-pass' }, tls: { ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', insecureSkipVerify: false } });
  });

  it('absolute paths work without a directory; relative ones need one', async () => {
    const abs = await resolveCredentials({ kind: 'authorization', type: 'Bearer', credentials: { file: path.join(dir, 'sub', 'pw') }, from: 'authorization' }, undefined, {});
    assert.deepEqual(abs, { ok: true, auth: { kind: 'authorization', type: 'Bearer', credentials: 's3cret-pass' } });
    const rel = await resolveCredentials({ kind: 'authorization', type: 'Bearer', credentials: { file: 'sub/pw' }, from: 'bearer_token' }, undefined, {});
    assert.deepEqual(rel, { ok: false, message: 'bearer_token_file "sub/pw" is relative, and an unsaved config has no directory to resolve it against' });
  });

  const failures: [string, Parameters<typeof resolveCredentials>[0], RegExp][] = [
    ['missing file', { kind: 'basic', password: { file: 'nope' } }, /^cannot read basic_auth\.password_file "nope": no such file$/],
    ['a directory', { kind: 'basic', password: { file: 'sub' } }, /^cannot read basic_auth\.password_file "sub": it is a directory$/],
    ['over the cap', { kind: 'basic', password: { file: 'big' } }, /^basic_auth\.password_file "big" is larger than 64 KiB/],
    ['oauth2', { kind: 'unsupported', what: 'oauth2 credentials' }, /^the preview cannot send oauth2 credentials$/],
  ];
  for (const [title, auth, message] of failures) {
    it(`${title}: a sentence naming the file, never its content`, async () => {
      const r = await resolveCredentials(auth, undefined, { baseDir: dir });
      assert.equal(r.ok, false);
      assert.match((r as { message: string }).message, message);
      assert.ok(!(r as { message: string }).message.includes('xxxx'));
    });
  }

  it('reads no more than the cap plus one byte', async () => {
    const sizes: number[] = [];
    await resolveCredentials({ kind: 'basic', password: { file: 'big' } }, undefined, { baseDir: dir, read: async (_f, max) => (sizes.push(max), Buffer.alloc(max + 1)) });
    assert.deepEqual(sizes, [64 * 1024]);
  });
});
