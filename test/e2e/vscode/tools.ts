/**
 * The end-to-end tools (code-server 4.100.3, playwright-core, @vscode/vsce) live outside node_modules, in
 * $PROMFED_E2E_TOOLS (default .e2e-tools), installed by scripts/setup-e2e.sh. Missing tools skip the tests on a
 * developer's machine and fail them in CI, where a skip would hide a broken set-up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../expected';

export const TOOLS = path.resolve(ROOT, process.env.PROMFED_E2E_TOOLS ?? '.e2e-tools');
export const CODE_SERVER = path.join(TOOLS, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const PLAYWRIGHT = path.join(TOOLS, 'node_modules', 'playwright-core');
export const CHROMIUM = process.env.PROMFED_CHROMIUM ?? '/usr/bin/chromium';

/** Undefined when everything is there, else what is missing and how to get it. */
export function missingTools(): string | undefined {
  const missing = [CODE_SERVER, PLAYWRIGHT, CHROMIUM].filter((p) => !fs.existsSync(p));
  return missing.length ? `missing ${missing.join(', ')}: run \`bash scripts/setup-e2e.sh\` (or set PROMFED_E2E_TOOLS)` : undefined;
}

/** Skips `ctx` outside CI, fails in CI, when a prerequisite is missing. */
export function requireTools(ctx: Mocha.Context, missing: string | undefined): void {
  if (!missing) return;
  if (process.env.CI) throw new Error(missing);
  console.log(`      (skipped: ${missing})`);
  ctx.skip();
}
