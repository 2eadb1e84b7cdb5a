import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { serverEnv } from '../../../client/src/serverEnv';

describe('serverEnv', () => {
  const storage = path.join(path.sep, 'storage', 'promfed.promfed');

  it("puts the server's compile cache in the extension's storage", () => {
    const env = { PATH: '/bin' };
    assert.deepEqual(serverEnv(env, storage), { PATH: '/bin', PROMFED_CACHE_DIR: path.join(storage, 'compile-cache') });
    assert.deepEqual(env, { PATH: '/bin' }, 'the extension host keeps its own environment');
  });

  it('keeps a directory or switch the environment sets, and changes nothing without storage', () => {
    for (const env of [{ PROMFED_CACHE_DIR: '/elsewhere' }, { PROMFED_COMPILE_CACHE: '0' }, { PROMFED_COMPILE_CACHE: '0', PROMFED_CACHE_DIR: '/x' }]) {
      assert.deepEqual(serverEnv(env, storage), env);
    }
    assert.deepEqual(serverEnv({ PATH: '/bin' }, undefined), { PATH: '/bin' });
    // An empty value names no directory.
    assert.equal(serverEnv({ PROMFED_CACHE_DIR: '' }, storage).PROMFED_CACHE_DIR, path.join(storage, 'compile-cache'));
  });
});
