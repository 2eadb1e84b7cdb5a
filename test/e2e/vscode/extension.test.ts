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
  problemCount,
  promfedCommands,
  readProblems,
  runCommand,
  screenshot,
  waitForProblemCount,
  waitForProblemGone,
  waitForSquiggle,
  waitForToast,
  waitUntil,
  type Problem,
} from './workbench';

const FILE = path.basename(EXAMPLE);
/** YAML, but not a Prometheus config (compose.yml would be VS Code's "Compose" language). */
const OTHER = 'values.yml';
const SERVER_JS = path.join('dist', 'server.js');
const { version: VERSION } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
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
  fs.writeFileSync(path.join(workspace, OTHER), '# Not a Prometheus config: promfed leaves it alone.\nservices:\n  web:\n    image: nginx\n');
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

    it('offers the job commands in Prometheus configs only', async () => {
      const job = ['promfed: Preview federation job', 'promfed: Split federation job into K jobs…'];
      assert.deepEqual((await promfedCommands(page)).filter((c) => job.includes(c)).sort(), job.sort(), `palette in ${FILE}`);
      await openFile(page, OTHER);
      assert.deepEqual((await promfedCommands(page)).filter((c) => job.includes(c)), [], `palette in ${OTHER}`);
      await openFile(page, FILE);
    });

    const serverCommands = () => (capabilities.executeCommandProvider as { commands?: string[] } | undefined)?.commands ?? [];
    const lines = () => fs.readFileSync(EXAMPLE, 'utf8').split('\n');
    const jobLine = () => lines().findIndex((l) => l.includes('job_name: federate-eu')) + 1;

    it('"Split federation job into K jobs…" asks for K, then asks the server', async () => {
      await openFile(page, FILE);
      await goTo(page, jobLine(), 5);
      await runCommand(page, 'promfed: Split federation job into K jobs');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: '3' }).first().waitFor({ timeout: 60_000 });
      await screenshot(page, '07-split-ask-k');
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      if (serverCommands().includes('promfed.splitJob')) {
        await page.locator('.tabs-container .tab.active.dirty', { hasText: FILE }).waitFor({ timeout: 60_000 });
      } else {
        await waitForToast(page, 'cannot split a federation job yet');
        console.log('      (the server has no promfed.splitJob yet: checked the message instead of the edit)');
      }
    });

    it('"Preview federation job" asks the server', async () => {
      await openFile(page, FILE);
      await goTo(page, jobLine(), 5);
      const tabs = await page.locator('.tabs-container .tab').count();
      await runCommand(page, 'promfed: Preview federation job');
      if (serverCommands().includes('promfed.previewJob')) {
        await page.locator(`.tabs-container .tab >> nth=${tabs}`).waitFor({ timeout: 60_000 });
      } else {
        await waitForToast(page, 'cannot preview a federation job yet');
        console.log('      (the server has no promfed.previewJob yet: checked the message instead of the preview)');
      }
    });

    it('restarts a crashed server, and says so once', async () => {
      await openFile(page, FILE);
      await runCommand(page, 'Notifications: Clear All Notifications');
      await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'detached', timeout: 60_000 });
      const serverJs = path.join(extensionsDir, `promfed.promfed-${VERSION}`, SERVER_JS);
      let pid = await waitUntil(() => CodeServer.pidsOf(serverJs)[0], 10_000, 'the language server process');
      // The second kill may hit the restarted server while it initialises: still one message, no error toast.
      for (let crash = 1; crash <= 2; crash++) {
        process.kill(pid, 'SIGKILL');
        const killed = pid;
        pid = await waitUntil(() => CodeServer.pidsOf(serverJs).find((p) => p !== killed), 60_000, `a restarted language server (crash ${crash})`);
      }
      await waitForToast(page, 'stopped unexpectedly and was restarted');
      // The restarted server validates edits: renaming the first federate-eu ends the duplicate-job-name error.
      const count = shown(expected).length;
      const duplicate = expected.find((f) => f.code === 'duplicate-job-name');
      assert.ok(duplicate, 'the example has a duplicate job name');
      await goTo(page, jobLine(), lines()[jobLine() - 1].indexOf('federate-eu') + 1);
      await page.keyboard.type('x');
      await waitForProblemCount(page, FILE, count - 1);
      await screenshot(page, '08-restarted');
      await page.keyboard.press('Control+Z');
      await waitForProblemCount(page, FILE, count);
      const toasts = await page.$$eval('.notifications-toasts .notification-list-item', (els) => els.map((e) => (e as { innerText: string }).innerText));
      assert.equal(toasts.length, 1, `one notification for two crashes: ${JSON.stringify(toasts)}`);
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
