/**
 * The bundled server in Neovim's built-in LSP client (Debian's neovim 0.7, no plugins): diagnostics must be
 * the CLI's for the same file, and hover / code action requests must be answered.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliFindings, deadline, EXAMPLE, keys, OUTPUT, ROOT, type CliFinding } from '../expected';

const NVIM = process.env.PROMFED_NVIM ?? '/usr/bin/nvim';
const INIT = path.resolve(ROOT, 'test', 'e2e', 'neovim', 'init.lua');
const TIMEOUT_MS = 20_000;

interface Answer {
  supported: boolean;
  result: unknown;
  raw: { result?: unknown; err?: { code: number; message: string }; timeout?: string };
}

interface NvimReport {
  error?: string;
  published: boolean;
  capabilities: Record<string, unknown>;
  diagnostics: { line: number; col: number; code: string; severity: number; source: string; message: string }[] | Record<string, never>;
  hover: Answer;
  codeAction: Answer;
}

/** vim.diagnostic.severity: 1 error, 2 warn, 3 info, 4 hint. */
const SEVERITY = { error: 1, warning: 2, info: 3, hint: 4 } as const;
/** vscode-jsonrpc's answer to a method the server has no handler for. */

/** Runs headless Neovim with init.lua; kills it by PID if it misses the deadline. */
async function runNeovim(config: object): Promise<NvimReport> {
  const outFile = path.join(OUTPUT, 'neovim', 'report.json');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.rmSync(outFile, { force: true });
  const proc = spawn(NVIM, ['--headless', '--clean', '-u', INIT], {
    env: { ...process.env, PROMFED_NVIM_TEST: JSON.stringify({ ...config, out: outFile }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const code = await deadline(exited, TIMEOUT_MS + 20_000, 'neovim').catch((e: Error) => {
    proc.kill('SIGKILL');
    throw new Error(`${e.message}\n${output}`);
  });
  assert.ok(fs.existsSync(outFile), `neovim wrote no report (exit ${code}):\n${output}`);
  const report = JSON.parse(fs.readFileSync(outFile, 'utf8')) as NvimReport;
  assert.equal(report.error, undefined, `init.lua failed: ${report.error}\n${output}`);
  assert.equal(code, 0, `neovim exit code\n${output}`);
  return report;
}

describe('Neovim built-in LSP client end to end', function () {
  this.timeout(TIMEOUT_MS * 3 + 20_000);
  let expected: CliFinding[];
  let report: NvimReport;
  let tab: CliFinding;

  before(async function () {
    if (!fs.existsSync(NVIM)) {
      if (process.env.CI) throw new Error(`${NVIM} not found: run \`bash scripts/setup-e2e.sh\``);
      console.log(`      (skipped: ${NVIM} not found; run \`bash scripts/setup-e2e.sh\`)`);
      this.skip();
    }
    expected = cliFindings(EXAMPLE);
    const found = expected.find((f) => f.code === 'yaml-tab');
    assert.ok(found, 'the example has a tab in its indentation');
    tab = found;
    const lines = fs.readFileSync(EXAMPLE, 'utf8').split('\n');
    const selectorLine = lines.findIndex((l) => l.includes(`'{job="node"}'`));
    report = await runNeovim({
      node: process.execPath,
      server: path.join(ROOT, 'dist', 'server.js'),
      file: EXAMPLE,
      root: path.dirname(EXAMPLE),
      timeoutMs: TIMEOUT_MS,
      hover: { line: selectorLine, character: lines[selectorLine].indexOf('job') },
      action: { line: tab.line - 1 },
    });
  });

  it('receives the diagnostics the CLI reports for the same file', () => {
    assert.ok(report.published, 'publishDiagnostics arrived');
    const diagnostics = Array.isArray(report.diagnostics) ? report.diagnostics : [];
    assert.ok(diagnostics.every((d) => d.source === 'promfed'));
    assert.deepEqual(keys(diagnostics.map((d) => ({ line: d.line + 1, column: d.col + 1, code: d.code }))), keys(expected));
    for (const d of diagnostics) {
      const cli = expected.find((f) => f.line === d.line + 1 && f.code === d.code);
      assert.equal(d.severity, cli && SEVERITY[cli.severity], `severity of ${d.code}`);
    }
  });

  it('gets an answer to a hover request', function () {
    assert.equal(report.hover.raw.timeout, undefined, 'the server answered in time');
    assert.ok(report.capabilities.hoverProvider, 'the server announces hoverProvider');
    assert.equal(report.hover.raw.err, undefined, JSON.stringify(report.hover.raw.err));
    const contents = (report.hover.result as { contents?: unknown } | null)?.contents;
    assert.ok(contents && JSON.stringify(contents).length > 10, `hover contents: ${JSON.stringify(report.hover.result)}`);
  });

  it('gets a tab quick fix from a code action request', function () {
    assert.equal(report.codeAction.raw.timeout, undefined, 'the server answered in time');
    assert.ok(report.capabilities.codeActionProvider, 'the server announces codeActionProvider');
    assert.equal(report.codeAction.raw.err, undefined, JSON.stringify(report.codeAction.raw.err));
    const actions = (Array.isArray(report.codeAction.result) ? report.codeAction.result : []) as { title: string }[];
    assert.ok(actions.some((a) => /tab/i.test(a.title)), `code actions at line ${tab.line}: ${actions.map((a) => a.title).join(', ') || 'none'}`);
  });
});
