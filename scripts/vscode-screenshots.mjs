// Copies the VS Code end-to-end test's best screenshots into docs/images/ (the README and docs/editors.md show
// them). Run the test first: `npm run test:e2e` (or `node test/run.mjs out/test/e2e/vscode` after a build).
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(root, 'test-output', 'e2e', 'vscode', 'screenshots');
const chosen = {
  // The example config: squiggles in the editor, the Problems view below.
  '01-diagnostics.png': 'vscode-diagnostics.png',
  // A selector's hover with its live /federate preview from a real Prometheus on loopback.
  '12-live-hover.png': 'vscode-live-hover.png',
};

const missing = Object.keys(chosen).filter((f) => !existsSync(join(shots, f)));
if (missing.length) {
  console.error(`missing ${missing.join(', ')} in ${relative(root, shots)}: run the VS Code end-to-end test first`);
  process.exit(1);
}
for (const [from, to] of Object.entries(chosen)) {
  copyFileSync(join(shots, from), join(root, 'docs', 'images', to));
  console.log(`${relative(root, join(shots, from))} -> docs/images/${to}`);
}
