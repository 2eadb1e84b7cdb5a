// Runs every compiled test file with mocha and ends with the one line CI reads: "N passed, N failed".
import Mocha from 'mocha';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The CLIs and servers the tests start keep their compile cache (server/src/compileCache.ts) here, not in the user's home.
let cacheDir;
if (!process.env.PROMFED_CACHE_DIR) {
  cacheDir = mkdtempSync(join(tmpdir(), 'promfed-test-cache-'));
  process.env.PROMFED_CACHE_DIR = cacheDir;
}

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['out/test/unit', 'out/test/lsp', 'out/test/e2e'];

function collect(dir) {
  let files = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return files;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files = files.concat(collect(path));
    else if (name.endsWith('.test.js')) files.push(path);
  }
  return files;
}

const mocha = new Mocha({ timeout: 60_000, reporter: 'spec' });
const files = roots.flatMap(collect);
if (files.length === 0) {
  console.error('no test files found under ' + roots.join(', '));
  process.exit(2);
}
for (const f of files) mocha.addFile(join(process.cwd(), f));

let passed = 0;
let failed = 0;
let skipped = 0;
const runner = mocha.run((failures) => {
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failures > 0 || passed === 0 ? 1 : 0;
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
runner.on('pending', () => skipped++);
