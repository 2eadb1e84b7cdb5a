// `npm run package`: builds promfed-<version>.vsix with @vscode/vsce from the production esbuild bundles
// (vsce runs `vscode:prepublish`), then prints its size and file count.
// vsce comes from node_modules (a devDependency) or, failing that, from $PROMFED_E2E_TOOLS (scripts/setup-e2e.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = resolve(root, process.env.PROMFED_E2E_TOOLS ?? '.e2e-tools');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, `promfed-${version}.vsix`));

const vsce = [join(root, 'node_modules/@vscode/vsce/vsce'), join(tools, 'node_modules/@vscode/vsce/vsce')].find((p) => existsSync(p));
if (!vsce) {
  console.error('@vscode/vsce not found: run `npm install` (it is a devDependency) or `bash scripts/setup-e2e.sh`.');
  process.exit(2);
}
const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);

// The entry count sits in the zip's end-of-central-directory record (22 bytes, no archive comment).
const zip = readFileSync(out);
const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
const entries = zip.readUInt16LE(eocd + 10);
console.log(`vsix: ${out} ${statSync(out).size} bytes, ${entries} files`);
