import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheDirectory } from '../../server/src/compileCache';

const posix = typeof process.getuid === 'function';

interface Load {
  readonly cache: string;
  readonly exports: Record<string, unknown>;
  readonly saved?: boolean;
  readonly stack?: string;
}

/**
 * loadBundle in a process of its own, as `promfed` runs it: within one process V8 compiles a source it has compiled
 * before from its own memory, and would neither read nor refuse a cache.
 */
function load(bundle: string, dir: string | undefined, save = true): Load {
  const runner = `
    const { loadBundle } = require(${JSON.stringify(require.resolve('../../server/src/compileCache'))});
    const b = loadBundle(process.argv[1], process.argv[2] || undefined);
    let stack;
    try { b.exports.late(); } catch (e) { stack = e.stack; }
    const saved = process.argv[3] === 'save' ? b.save() : undefined;
    process.stdout.write(JSON.stringify({ cache: b.cache, exports: { ...b.exports, late: typeof b.exports.late }, saved, stack }));`;
  const r = spawnSync(process.execPath, ['-e', runner, bundle, dir ?? '', save ? 'save' : ''], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Load;
}

describe('the compile cache', () => {
  let root: string;
  let bundle: string;
  let dir: string;
  // A bundle as esbuild writes one: a shebang, Node's own modules required, a lazily compiled function.
  const source = (answer: number) => `#!/usr/bin/env node
const path = require('node:path');
function late() {
  throw new Error('line four');
}
module.exports = { answer: ${answer}, base: path.basename(__filename), dir: __dirname, late, self: this === module.exports };
`;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-cache-'));
    bundle = path.join(root, 'bundle.js');
    dir = path.join(root, 'cache');
    fs.writeFileSync(bundle, source(42));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const files = () => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

  it('loads a bundle as require would, and from the cache written after the first load', () => {
    const first = load(bundle, dir, false);
    assert.equal(first.cache, 'none');
    assert.deepEqual(first.exports, { answer: 42, base: 'bundle.js', dir: root, late: 'function', self: true });
    assert.match(first.stack ?? '', /bundle\.js:4:/, 'lines stay where the shebang put them');
    assert.deepEqual(files(), [], 'nothing is written before save');
    assert.equal(load(bundle, dir).saved, true);
    const written = files();
    assert.equal(written.length, 1);
    assert.match(written[0], /^bundle-[0-9a-f]{24}\.v8cache$/);
    if (posix) {
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(dir, written[0])).mode & 0o777, 0o600);
    }
    const second = load(bundle, dir);
    assert.equal(second.cache, 'used');
    assert.deepEqual(second.exports, first.exports);
    assert.match(second.stack ?? '', /bundle\.js:4:/);
    assert.equal(second.saved, false, 'a cache that was used is not written again');
    assert.deepEqual(files(), written);
  });

  it('compiles as usual and writes a new cache when V8 rejects the one it finds', () => {
    assert.equal(load(bundle, dir).saved, true);
    const [name] = files();
    const file = path.join(dir, name);
    // The same size, other bytes: V8's checks (not the file name) must find it unusable.
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x5a));
    const broken = load(bundle, dir);
    assert.equal(broken.cache, 'rejected');
    assert.equal(broken.exports.answer, 42);
    assert.equal(broken.saved, true);
    assert.equal(load(bundle, dir).cache, 'used');
  });

  it('keeps a cache per source text, the newest few only', () => {
    assert.equal(load(bundle, dir).saved, true);
    for (let answer = 1; answer <= 4; answer++) {
      // Each file older than the next, so the order to prune by is the order written.
      for (const f of files()) fs.utimesSync(path.join(dir, f), new Date(Date.now() - 60_000), new Date(Date.now() - (60 - answer) * 1000));
      fs.writeFileSync(bundle, source(answer));
      const loaded = load(bundle, dir);
      assert.equal(loaded.cache, 'none', `source ${answer} has no cache yet`);
      assert.equal(loaded.exports.answer, answer);
      assert.equal(loaded.saved, true);
    }
    assert.equal(files().length, 3);
    assert.equal(load(bundle, dir).cache, 'used', 'the newest source keeps its cache');
    fs.writeFileSync(bundle, source(42));
    assert.equal(load(bundle, dir, false).cache, 'none', 'the oldest source lost its cache');
  });

  it('neither reads nor writes a directory other users can write to', function () {
    if (!posix) this.skip();
    assert.equal(load(bundle, dir).saved, true);
    fs.chmodSync(dir, 0o777);
    const loaded = load(bundle, dir);
    assert.equal(loaded.cache, 'none');
    assert.equal(loaded.exports.answer, 42);
    assert.equal(loaded.saved, false);
    assert.equal(files().length, 1);
  });

  it('fails quietly where it cannot write', () => {
    // A file where the directory should be (root writes into any directory).
    fs.writeFileSync(dir, 'not a directory');
    const loaded = load(bundle, dir);
    assert.equal(loaded.cache, 'none');
    assert.equal(loaded.exports.answer, 42);
    assert.equal(loaded.saved, false);
  });

  it('does nothing with the cache turned off', () => {
    const loaded = load(bundle, undefined);
    assert.equal(loaded.cache, 'none');
    assert.equal(loaded.saved, false);
    assert.deepEqual(files(), []);
  });

  it('finds its directory from the environment', () => {
    assert.equal(cacheDirectory({ PROMFED_COMPILE_CACHE: '0', PROMFED_CACHE_DIR: '/x' }), undefined);
    assert.equal(cacheDirectory({ PROMFED_CACHE_DIR: 'rel' }), path.resolve('rel'));
    if (process.platform === 'linux') {
      assert.equal(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/me' }), path.join('/var/cache/me', 'promfed'));
      assert.equal(cacheDirectory({ XDG_CACHE_HOME: 'relative' }), path.join(os.homedir(), '.cache', 'promfed'));
      assert.equal(cacheDirectory({}), path.join(os.homedir(), '.cache', 'promfed'));
    }
  });
});
