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
function load(bundle: string, dir: string | undefined, save = true, flags = ''): Load {
  const runner = `
    if (process.argv[4]) require('node:v8').setFlagsFromString(process.argv[4]);
    const { loadBundle } = require(${JSON.stringify(require.resolve('../../server/src/compileCache'))});
    const b = loadBundle(process.argv[1], process.argv[2] || undefined);
    let stack;
    try { b.exports.late(); } catch (e) { stack = e.stack; }
    const saved = process.argv[3] === 'save' ? b.save() : undefined;
    process.stdout.write(JSON.stringify({ cache: b.cache, exports: { ...b.exports, late: typeof b.exports.late }, saved, stack }));`;
  const r = spawnSync(process.execPath, ['-e', runner, bundle, dir ?? '', save ? 'save' : '', flags], { encoding: 'utf8', timeout: 30_000 });
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

  it('compiles as usual and writes a new cache when the file is not whole', () => {
    assert.equal(load(bundle, dir).saved, true);
    const file = path.join(dir, files()[0]);
    const whole = fs.readFileSync(file);
    for (const broken of [Buffer.concat([whole.subarray(0, 200), Buffer.alloc(whole.length - 200, 0x5a)]), whole.subarray(0, 40), Buffer.alloc(0)]) {
      fs.writeFileSync(file, broken);
      const loaded = load(bundle, dir);
      assert.equal(loaded.cache, 'rejected', `a file of ${broken.length} bytes`);
      assert.equal(loaded.exports.answer, 42);
      assert.equal(loaded.saved, true);
      assert.ok(fs.readFileSync(file).equals(whole) || load(bundle, dir, false).cache === 'used', 'written again');
    }
    assert.deepEqual(files(), [path.basename(file)], 'no temporary file left');
  });

  it('compiles as usual when V8 refuses a cache made under other flags', () => {
    // The file name knows the command line's flags, not those set at run time: V8's own check must refuse it.
    assert.equal(load(bundle, dir, true, '--max-inlined-bytecode-size-cumulative=123').saved, true);
    const other = load(bundle, dir);
    assert.equal(other.cache, 'rejected');
    assert.equal(other.exports.answer, 42);
    assert.equal(other.saved, true);
    assert.equal(load(bundle, dir).cache, 'used');
  });

  it('keeps a cache per source text, the newest few only', () => {
    // Each new file dated a second after the one before, so the order to prune by is the order written.
    const base = Date.now() - 60_000;
    const write = (answer: number, at: number) => {
      fs.writeFileSync(bundle, source(answer));
      const before = files();
      const loaded = load(bundle, dir);
      assert.equal(loaded.cache, 'none', `source ${answer} has no cache yet`);
      assert.equal(loaded.exports.answer, answer);
      assert.equal(loaded.saved, true);
      for (const f of files().filter((f) => !before.includes(f))) fs.utimesSync(path.join(dir, f), new Date(base + at * 1000), new Date(base + at * 1000));
    };
    for (const [at, answer] of [42, 1, 2, 3, 4].entries()) write(answer, at);
    assert.equal(files().length, 3);
    for (const answer of [2, 3, 4]) {
      fs.writeFileSync(bundle, source(answer));
      assert.equal(load(bundle, dir, false).cache, 'used', `source ${answer} keeps its cache`);
    }
    for (const answer of [42, 1]) {
      fs.writeFileSync(bundle, source(answer));
      assert.equal(load(bundle, dir, false).cache, 'none', `source ${answer} lost its cache`);
    }
  });

  it('removes the temporary file a process killed while writing left, not one being written', () => {
    fs.mkdirSync(dir, { mode: 0o700 });
    const left = path.join(dir, 'bundle-0123456789abcdef01234567.v8cache.4242.tmp');
    const writing = path.join(dir, 'bundle-0123456789abcdef01234567.v8cache.4343.tmp');
    const others = path.join(dir, 'other-0123456789abcdef01234567.v8cache.4444.tmp');
    for (const f of [left, writing, others]) fs.writeFileSync(f, 'partial');
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(left, hoursAgo, hoursAgo);
    fs.utimesSync(others, hoursAgo, hoursAgo);
    assert.equal(load(bundle, dir).saved, true);
    assert.ok(!fs.existsSync(left), 'an old temporary file of this bundle is removed');
    assert.ok(fs.existsSync(writing), 'a fresh one may be another process writing');
    assert.ok(fs.existsSync(others), "another bundle's files are not this bundle's to remove");
    assert.equal(load(bundle, dir).cache, 'used');
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
