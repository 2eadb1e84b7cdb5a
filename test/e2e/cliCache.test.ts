/**
 * `promfed check` through its compile cache (compileCache.ts): the same output with a cache or without, a cache
 * written by a check only, and nothing of the checked file in it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, EXAMPLE } from './expected';

describe('promfed check with its compile cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-cli-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cacheDir = () => path.join(dir, 'cache');
  const cached = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()) : []);
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PROMFED_CACHE_DIR: cacheDir(), ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('gives the same findings with the cache, without it, and with one V8 refuses', () => {
    const first = run(['check', '--format', 'json', EXAMPLE]);
    assert.ok(first.status === 0 || first.status === 1, first.stderr);
    assert.ok(JSON.parse(first.stdout).length > 0, 'the example should draw findings');
    assert.deepEqual(cached().map((f) => f.replace(/-[0-9a-f]+\.v8cache$/, '')), ['cli-main']);
    const file = path.join(cacheDir(), cached()[0]);
    const written = fs.statSync(file).mtimeMs;
    assert.deepEqual(run(['check', '--format', 'json', EXAMPLE]), first);
    assert.equal(fs.statSync(file).mtimeMs, written, 'a cache that was used is not written again');
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x01));
    assert.deepEqual(run(['check', '--format', 'json', EXAMPLE]), first);
    assert.deepEqual(run(['check', '--format', 'json', EXAMPLE], { PROMFED_COMPILE_CACHE: '0' }), first);
    const text = run(['check', EXAMPLE]);
    assert.deepEqual(run(['check', EXAMPLE], { PROMFED_COMPILE_CACHE: '0' }), text);
  });

  it('writes no cache for --version, --help, a usage error or with the cache off', () => {
    for (const args of [['--version'], ['--help'], ['check'], ['lint', EXAMPLE]]) run(args);
    run(['check', EXAMPLE], { PROMFED_COMPILE_CACHE: '0' });
    assert.deepEqual(cached(), []);
  });

  it('keeps nothing of the file it checked', () => {
    const marker = 'PFSECRET-cache-5e1d';
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(config, `scrape_configs:\n  - job_name: ${marker}-job\n    basic_auth:\n      username: u\n      password: ${marker}-password\n    static_configs:\n      - targets: ['${marker}:9090']\n`);
    const r = run(['check', config]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.equal(cached().length, 1);
    const bytes = fs.readFileSync(path.join(cacheDir(), cached()[0]));
    // The control: the rules' own strings are in it, as V8 keeps the literals of the code it compiled.
    assert.ok(bytes.includes(Buffer.from('federate-staleness', 'latin1')), 'a literal of the bundle');
    for (const encoding of ['latin1', 'utf16le'] as const) assert.ok(!bytes.includes(Buffer.from(marker, encoding)), `the cache holds the marker (${encoding})`);
  });
});
