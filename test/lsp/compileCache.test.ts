/**
 * The language server through its compile cache (serverBoot.ts, compileCache.ts): no cache before a first check,
 * one written shortly after it, used by the next server (which then writes none), a damaged one replaced, none
 * with the cache off, the same diagnostics every way, and nothing of a checked document in it.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lspClient';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'federation.yml');
/** serverBoot.ts writes the cache this long after the first check; the tests wait a little more. */
const SAVE_AFTER_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the language server with its compile cache', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-server-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cacheDir = () => path.join(dir, 'cache');
  const cached = () => (fs.existsSync(cacheDir()) ? fs.readdirSync(cacheDir()) : []);
  const cacheFile = () => path.join(cacheDir(), cached()[0]);
  /** Whether the file is whole: its first 32 bytes are the SHA-256 of the rest. */
  const whole = (file: string) => {
    const bytes = fs.readFileSync(file);
    return createHash('sha256').update(bytes.subarray(32)).digest().equals(bytes.subarray(0, 32));
  };
  async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
      await sleep(100);
    }
  }

  /** Starts a server, checks `file` and returns its diagnostics; `hold` keeps the server running that long after. */
  async function check(file: string, options: { env?: NodeJS.ProcessEnv; hold?: number | (() => Promise<void>) } = {}): Promise<unknown[]> {
    const client = new LspClient(['--stdio'], { env: { ...process.env, PROMFED_CACHE_DIR: cacheDir(), ...options.env } });
    try {
      await client.initialize();
      const uri = pathToFileURL(file).href;
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') } });
      const diagnostics = await client.waitForDiagnostics(uri, 1, 30_000);
      await (typeof options.hold === 'function' ? options.hold() : sleep(options.hold ?? 0));
      return diagnostics;
    } finally {
      await client.shutdown();
    }
  }

  it('writes its cache after the first check, and the next server uses it', async () => {
    const idle = new LspClient(['--stdio'], { env: { ...process.env, PROMFED_CACHE_DIR: cacheDir() } });
    try {
      await idle.initialize();
      await sleep(SAVE_AFTER_MS + 500);
      assert.deepEqual(cached(), [], 'no cache from a server that checked nothing');
    } finally {
      await idle.shutdown();
    }
    const first = await check(EXAMPLE, { hold: () => until(() => cached().length > 0, 'the cache is written') });
    assert.ok(first.length > 0, 'the example should draw diagnostics');
    assert.deepEqual(cached().map((f) => f.replace(/-[0-9a-f]+\.v8cache$/, '')), ['server-main']);
    assert.ok(whole(cacheFile()));
    const written = fs.statSync(cacheFile()).mtimeMs;
    // Used: V8 took it (the loader set the server's flags before compiling), so it is not written again.
    assert.deepEqual(await check(EXAMPLE, { hold: SAVE_AFTER_MS + 1000 }), first);
    assert.equal(fs.statSync(cacheFile()).mtimeMs, written, 'a cache that was used is not written again');
  });

  it('replaces a damaged cache, and writes none when the cache is off', async () => {
    const first = await check(EXAMPLE, { hold: () => until(() => cached().length > 0, 'the cache is written') });
    const file = cacheFile();
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 0x01));
    assert.deepEqual(await check(EXAMPLE, { hold: () => until(() => whole(file), 'the damaged cache is replaced') }), first);
    fs.rmSync(cacheDir(), { recursive: true });
    assert.deepEqual(await check(EXAMPLE, { env: { PROMFED_COMPILE_CACHE: '0' }, hold: SAVE_AFTER_MS + 1000 }), first);
    assert.deepEqual(cached(), []);
  });

  it('keeps nothing of the documents it checked', async () => {
    const marker = 'PFSECRET-server-cache-9c41';
    const config = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(config, `scrape_configs:\n  - job_name: ${marker}-job\n    basic_auth:\n      username: u\n      password: ${marker}-password\n    static_configs:\n      - targets: ['${marker}:9090']\n`);
    await check(config, { hold: () => until(() => cached().length > 0, 'the cache is written') });
    const bytes = fs.readFileSync(cacheFile());
    // The control: the rules' own strings are in it, as V8 keeps the literals of the code it compiled.
    assert.ok(bytes.includes(Buffer.from('federate-staleness', 'latin1')), 'a literal of the bundle');
    for (const encoding of ['latin1', 'utf16le'] as const) assert.ok(!bytes.includes(Buffer.from(marker, encoding)), `the cache holds the marker (${encoding})`);
  });
});
