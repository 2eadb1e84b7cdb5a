/**
 * The packaged extension in a real VS Code (code-server 4.100.3) driven through headless Chromium: what a
 * person sees for examples/federation.yml, compared with what the CLI reports for the same file.
 * Screenshots of every step go to test-output/e2e/.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliFindings, EXAMPLE, keys, OUTPUT, ROOT, serverCapabilities, type CliFinding } from '../expected';
import { CodeServer, installExtension } from './codeServer';
import { launchChromium, type Browser, type BrowserContext, type Page } from './playwright';
import { missingTools, requireTools } from './tools';
import {
  answerTrustDialog,
  goTo,
  hoverAtCursor,
  openFile,
  openProblems,
  openWorkbench,
  readProblems,
  screenshot,
  waitForProblemCount,
  waitForProblemGone,
  waitForSquiggle,
  type Problem,
} from './workbench';

const FILE = path.basename(EXAMPLE);
/** The Problems view lists errors, warnings and infos; hints only ever show as faint dots. */
const shown = (findings: CliFinding[]) => findings.filter((f) => f.severity !== 'hint');
const promfedProblems = (problems: Problem[]) => problems.filter((p) => p.source === 'promfed');

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.hover.delay': 100,
  // Screenshots without fade-ins or the offer to open the enclosing git repository.
  'workbench.reduceMotion': 'on',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** A fresh copy of the example in its own folder: the quick fix edits it. */
function makeWorkspace(dir: string): string {
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.copyFileSync(EXAMPLE, path.join(workspace, FILE));
  return workspace;
}

describe('VS Code (code-server) end to end', function () {
  this.timeout(120_000);
  const runDir = path.join(OUTPUT, 'vscode');
  const extensionsDir = path.join(runDir, 'extensions');
  let expected: CliFinding[];
  let capabilities: Record<string, unknown>;
  let browser: Browser | undefined;
  const started = Date.now();

  before(async function () {
    requireTools(this, missingTools());
    fs.rmSync(runDir, { recursive: true, force: true });
    fs.mkdirSync(runDir, { recursive: true });
    const vsix = path.join(runDir, 'promfed.vsix');
    const pack = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    assert.equal(pack.status, 0, `npm run package failed:\n${pack.stdout}\n${pack.stderr}`);
    console.log(`      ${pack.stdout.trim().split('\n').pop()}`);
    installExtension(vsix, path.join(runDir, 'install-profile'), extensionsDir);
    expected = cliFindings(EXAMPLE);
    assert.ok(shown(expected).length > 0, 'the example has findings the Problems view lists');
    capabilities = await serverCapabilities();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    if (browser) console.log(`      e2e (VS Code) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  describe('in a trusted workspace', () => {
    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    let page: Page;

    before(async function () {
      if (!browser) this.skip();
      const dir = path.join(runDir, 'trusted');
      server = await CodeServer.start({ dir, extensionsDir, workspace: makeWorkspace(dir), settings: { ...BASE_SETTINGS, 'security.workspace.trust.enabled': false } });
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      page = await context.newPage();
      await openWorkbench(page, server.folderUrl(path.join(dir, 'workspace')));
      await openFile(page, FILE);
    });

    after(async () => {
      await context?.close();
      await server?.stop();
    });

    it('shows the diagnostics the CLI reports for the same file', async () => {
      await waitForSquiggle(page);
      await openProblems(page);
      await waitForProblemCount(page, FILE, shown(expected).length).catch(() => undefined); // the comparison below says what differs
      const problems = promfedProblems(await readProblems(page));
      await screenshot(page, '01-diagnostics');
      assert.deepEqual(keys(problems), keys(shown(expected)));
      for (const p of problems) {
        const cli = expected.find((f) => f.line === p.line && f.column === p.column && f.code === p.code);
        assert.equal(p.severity, cli?.severity, `severity of ${p.code} at line ${p.line}`);
      }
    });

    it('shows a diagnostic message on hover', async () => {
      const first = shown(expected)[0];
      await goTo(page, first.line, first.column);
      const text = await hoverAtCursor(page);
      await screenshot(page, '02-hover-diagnostic');
      // Monaco may wrap; compare the first words.
      assert.match(text.replace(/\s+/g, ' '), new RegExp(first.message.split(' ').slice(0, 5).join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      await page.keyboard.press('Escape');
    });

    it('shows the server hover on a match[] selector', async function () {
      if (!capabilities.hoverProvider) {
        console.log('      (pending: the server announces no hoverProvider yet; hovers arrive from another branch)');
        this.skip();
      }
      const lines = fs.readFileSync(EXAMPLE, 'utf8').split('\n');
      const line = lines.findIndex((l) => l.includes(`'{job="node"}'`));
      assert.ok(line >= 0, 'the example has a quoted match[] selector');
      await goTo(page, line + 1, lines[line].indexOf('job') + 1);
      // A provider's hover, not the one VS Code renders for a diagnostic.
      const text = await hoverAtCursor(page, '.monaco-hover .hover-contents:not(.marker) .rendered-markdown');
      await screenshot(page, '03-hover-selector');
      assert.ok(text.trim().length > 0, 'hover has text');
      await page.keyboard.press('Escape');
    });

    it('fixes a tab with a quick fix (Ctrl+.)', async function () {
      if (!capabilities.codeActionProvider) {
        console.log('      (pending: the server announces no codeActionProvider yet; quick fixes arrive from another branch)');
        this.skip();
      }
      const tab = expected.find((f) => f.code === 'yaml-tab');
      assert.ok(tab, 'the example has a tab in its indentation');
      await goTo(page, tab.line, tab.column);
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: /tab/i }).first();
      await action.waitFor({ timeout: 60_000 });
      await screenshot(page, '04-quick-fix-menu');
      await action.click();
      await waitForProblemGone(page, 'yaml-tab', tab.line);
      await screenshot(page, '05-quick-fix-applied');
      const after = promfedProblems(await readProblems(page));
      assert.ok(!after.some((p) => p.code === 'yaml-tab'), `yaml-tab still reported: ${keys(after).join(', ')}`);
    });

    it('activates without starting the server inside activate(), and logs the timings', () => {
      const log = server!.extensionLog();
      const activation = /activated in ([\d.]+) ms/.exec(log);
      const ready = /language server ready in (\d+) ms/.exec(log);
      assert.ok(activation && ready, `promfed output channel:\n${log}`);
      const timings = { activationMs: Number(activation[1]), serverReadyMs: Number(ready[1]) };
      fs.writeFileSync(path.join(OUTPUT, 'vscode-timings.json'), JSON.stringify(timings) + '\n');
      console.log(`      activation ${timings.activationMs} ms, language server ready ${timings.serverReadyMs} ms`);
      // The client library loads and the server spawns after activate() returned.
      assert.ok(log.indexOf('activated in') < log.indexOf('starting the language server'), log);
      // Wall-clock on a shared 2-core machine with a browser rendering: a bound that catches blocking work only.
      assert.ok(timings.activationMs < 500, `activate() took ${timings.activationMs} ms`);
    });
  });

  describe('in an untrusted workspace (Restricted Mode)', () => {
    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    let page: Page;

    before(async function () {
      if (!browser) this.skip();
      const dir = path.join(runDir, 'untrusted');
      server = await CodeServer.start({ dir, extensionsDir, workspace: makeWorkspace(dir), settings: { ...BASE_SETTINGS, 'security.workspace.trust.enabled': true } });
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      page = await context.newPage();
      await openWorkbench(page, server.folderUrl(path.join(dir, 'workspace')));
      await answerTrustDialog(page, false);
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
      await openFile(page, FILE);
    });

    after(async () => {
      await context?.close();
      await server?.stop();
    });

    it('still validates, with live access off', async () => {
      await waitForSquiggle(page);
      await openProblems(page);
      await waitForProblemCount(page, FILE, shown(expected).length).catch(() => undefined);
      const problems = promfedProblems(await readProblems(page));
      await screenshot(page, '06-restricted-mode');
      assert.deepEqual(keys(problems), keys(shown(expected)));
      assert.match(server!.extensionLog(), /Restricted Mode: promfed\.live\.enabled is off/);
    });
  });
});
