/**
 * The packaged extension in a real VS Code (code-server 4.100.3) driven through headless Chromium: what a
 * person sees for examples/federation.yml and for a federation config pointing at a real Prometheus on
 * loopback, compared with what the CLI reports and what /federate answers. Screenshots of every step go to
 * test-output/e2e/vscode/screenshots/.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { cliFindings, EXAMPLE, keys, OUTPUT, ROOT, serverCapabilities, type CliFinding } from '../expected';
import type { RunningPrometheus } from '../federate/helpers';
import { CodeServer, installExtension } from './codeServer';
import { federateCount, hoverCounts, LIVE_JOB, LIVE_SELECTORS, liveConfig, startLivePrometheus, startRecorder, type Recorder } from './live';
import { launchChromium, type Browser, type BrowserContext, type Page } from './playwright';
import { missingTools, requireTools } from './tools';
import { openProblems, readProblems, waitForProblem, waitForProblemCount, waitForProblemGone, type Problem } from './problems';
import {
  answerTrustDialog,
  closePanel,
  goTo,
  hoverAtCursor,
  openFile,
  openWorkbench,
  promfedCommands,
  runCodeAction,
  runCommand,
  screenshot,
  visibleLines,
  waitForEditorLines,
  waitForEditorText,
  waitForSquiggle,
  waitForToast,
  waitForWebviewText,
  waitUntil,
} from './workbench';

const FILE = path.basename(EXAMPLE);
/** The federation config whose target is a real Prometheus (trusted) or a recorder (untrusted). */
const LIVE = 'prometheus.yml';
/** YAML, but not a Prometheus config (compose.yml would be VS Code's "Compose" language). */
const OTHER = 'values.yml';
const SERVER_JS = path.join('dist', 'server.js');
const { version: VERSION } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
/** The Problems view lists errors, warnings and infos; hints only ever show as faint dots. */
const shown = (findings: CliFinding[]) => findings.filter((f) => f.severity !== 'hint');
const promfedProblems = (problems: Problem[], file: string) => problems.filter((p) => p.source === 'promfed' && p.file === file);
/** The first words of a message as a pattern: Monaco wraps and reflows the text of a hover. */
const startOf = (message: string) => new RegExp(message.split(/\s+/).slice(0, 6).join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

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
  // Below the line when there is room: the screenshots then show the config above the hover.
  'editor.hover.above': false,
  // code-server's web build saves after a delay by default; desktop VS Code, which users run, does not.
  'files.autoSave': 'off',
  // Screenshots without fade-ins or the offer to open the enclosing git repository.
  'workbench.reduceMotion': 'on',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** A fresh folder with a copy of the example (the quick fix edits it), a live config and a non-config. */
function makeWorkspace(dir: string, liveTarget: string): string {
  const workspace = path.join(dir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.copyFileSync(EXAMPLE, path.join(workspace, FILE));
  fs.writeFileSync(path.join(workspace, LIVE), liveConfig(liveTarget));
  fs.writeFileSync(path.join(workspace, OTHER), '# Not a Prometheus config: promfed leaves it alone.\nservices:\n  web:\n    image: nginx\n');
  return workspace;
}

/** 1-based line and column of the first `needle` in `text` (plus `delta` columns). */
function positionOf(text: string, needle: string, delta = 0): { line: number; column: number } {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `"${needle}" is in the file`);
  const before = text.slice(0, index + delta);
  return { line: before.split('\n').length, column: index + delta - before.lastIndexOf('\n') };
}

/** `npm run package` into `out`, without blocking the event loop (Prometheus starts meanwhile). */
function packageVsix(out: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output.trim().split('\n').pop() ?? '');
      else reject(new Error(`npm run package failed (${signal ?? code}):\n${output}`));
    });
  });
}

/** Saves the active editor (Ctrl+S) and waits until its tab is no longer marked modified. */
async function save(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+S');
  await page.locator('.tabs-container .tab.active:not(.dirty)', { hasText: file }).waitFor({ timeout: 60_000 });
}

/**
 * Saves and closes every editor: the server then clears their diagnostics, and the Problems view lists one file
 * again. (Saving first: closing a modified editor asks whether to save.)
 */
async function closeAllEditors(page: Page): Promise<void> {
  await runCommand(page, 'File: Save All');
  await page.locator('.tabs-container .tab.dirty').first().waitFor({ state: 'detached', timeout: 60_000 });
  await runCommand(page, 'View: Close All Editor Groups');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 60_000 });
}

describe('VS Code (code-server) end to end', function () {
  this.timeout(120_000);
  const runDir = path.join(OUTPUT, 'vscode');
  const extensionsDir = path.join(runDir, 'extensions');
  let expected: CliFinding[];
  let capabilities: Record<string, unknown>;
  let browser: Browser | undefined;
  let prom: RunningPrometheus | undefined;
  let started = 0;

  before(async function () {
    started = Date.now();
    requireTools(this, missingTools());
    fs.rmSync(runDir, { recursive: true, force: true });
    fs.mkdirSync(runDir, { recursive: true });
    const vsix = path.join(runDir, 'promfed.vsix');
    // Both, then either failure: a Prometheus that started must still be stopped by after().
    const [packed, running] = await Promise.allSettled([packageVsix(vsix), startLivePrometheus()]);
    if (running.status === 'fulfilled') prom = running.value;
    if (packed.status === 'rejected') throw packed.reason;
    if (running.status === 'rejected') throw running.reason;
    console.log(`      ${packed.value}; Prometheus on ${prom!.base}`);
    installExtension(vsix, path.join(runDir, 'install-profile'), extensionsDir);
    expected = cliFindings(EXAMPLE);
    assert.ok(shown(expected).length > 0, 'the example has findings the Problems view lists');
    capabilities = await serverCapabilities();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await prom?.stop();
    if (browser) console.log(`      e2e (VS Code) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  describe('in a trusted workspace', () => {
    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    let workspace: string;

    before(async function () {
      if (!browser || !prom) this.skip();
      const dir = path.join(runDir, 'trusted');
      workspace = makeWorkspace(dir, `127.0.0.1:${prom.port}`);
      server = await CodeServer.start({ dir, extensionsDir, workspace, settings: { ...BASE_SETTINGS, 'security.workspace.trust.enabled': false } });
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      page = await context.newPage();
      await openWorkbench(page, server.folderUrl(workspace));
      await openFile(page, FILE);
    });

    after(async () => {
      await context?.close();
      await server?.stop();
    });

    describe('the example config', () => {
      const lines = () => fs.readFileSync(EXAMPLE, 'utf8').split('\n');
      const jobLine = (name: string) => lines().findIndex((l) => l.includes(`job_name: ${name}`)) + 1;

      it('shows the diagnostics the CLI reports for the same file', async () => {
        await waitForSquiggle(page);
        await openProblems(page);
        await waitForProblemCount(page, FILE, shown(expected).length).catch(() => undefined); // the comparison below says what differs
        // The jobs with the most squiggles in view (docs/images/vscode-diagnostics.png comes from this one).
        await goTo(page, jobLine('federate-apac'), 1);
        await screenshot(page, '01-diagnostics');
        const problems = promfedProblems(await readProblems(page), FILE);
        assert.deepEqual(keys(problems), keys(shown(expected)));
        for (const p of problems) {
          const cli = expected.find((f) => f.line === p.line && f.column === p.column && f.code === p.code);
          assert.equal(p.severity, cli?.severity, `severity of ${p.code} at line ${p.line}`);
        }
      });

      it('shows every diagnostic of a position in its hover', async () => {
        const first = shown(expected)[0];
        // Hints included: the hover lists them too (e.g. federate-staleness next to federate-honor-labels).
        const here = expected.filter((f) => f.line === first.line && f.column === first.column);
        await goTo(page, first.line, first.column);
        const rows = (await hoverAtCursor(page, here.map((f) => startOf(f.message)))).map(oneLine);
        await screenshot(page, '02-hover-diagnostics');
        for (const f of here) assert.ok(rows.some((r) => startOf(f.message).test(r) && r.includes(f.code)), `${f.code} (${f.message}) in the hover: ${JSON.stringify(rows)}`);
        await page.keyboard.press('Escape');
      });

      it('shows the server hover on a match[] selector', async function () {
        assert.ok(capabilities.hoverProvider, 'the server announces hoverProvider');
        const line = lines().findIndex((l) => l.includes(`'{job="node"}'`));
        assert.ok(line >= 0, 'the example has a quoted match[] selector');
        await goTo(page, line + 1, lines()[line].indexOf('job') + 1);
        const rows = (await hoverAtCursor(page, [/Federates series whose label job is node/])).map(oneLine);
        await screenshot(page, '03-hover-selector');
        assert.ok(rows.some((r) => /Federates series whose label job is node/.test(r)), JSON.stringify(rows));
        await page.keyboard.press('Escape');
      });

      it('fixes a tab with a quick fix (Ctrl+.)', async function () {
        assert.ok(capabilities.codeActionProvider, 'the server announces codeActionProvider');
        const tab = expected.find((f) => f.code === 'yaml-tab');
        assert.ok(tab, 'the example has a tab in its indentation');
        await goTo(page, tab.line, tab.column);
        await runCodeAction(page, 'Replace the tab with spaces', () => screenshot(page, '04-quick-fix-menu'));
        await waitForProblemGone(page, 'yaml-tab', tab.line);
        await screenshot(page, '05-quick-fix-applied');
        // The rest is what the CLI reports for the fixed file (the tab hid a later YAML error, which now shows).
        await save(page, FILE);
        const fixed = cliFindings(path.join(workspace, FILE));
        assert.ok(!fixed.some((f) => f.code === 'yaml-tab'), 'the CLI finds no tab in the saved file');
        await waitForProblemCount(page, FILE, shown(fixed).length).catch(() => undefined);
        assert.deepEqual(keys(promfedProblems(await readProblems(page), FILE)), keys(shown(fixed)));
      });

      it('offers the job commands in Prometheus configs only', async () => {
        const job = ['promfed: Preview federation job', 'promfed: Split federation job into K jobs…'];
        assert.deepEqual((await promfedCommands(page)).filter((c) => job.includes(c)).sort(), job.sort(), `palette in ${FILE}`);
        await openFile(page, OTHER);
        assert.deepEqual((await promfedCommands(page)).filter((c) => job.includes(c)), [], `palette in ${OTHER}`);
        await openFile(page, FILE);
      });

      const serverCommands = () => (capabilities.executeCommandProvider as { commands?: string[] } | undefined)?.commands ?? [];

      /** Runs "Split federation job into K jobs…" on the job named `jobName`, answering `k`. */
      async function splitInto(jobName: string, k: string, shot?: string): Promise<void> {
        await openFile(page, FILE);
        await goTo(page, jobLine(jobName), 5);
        await runCommand(page, 'promfed: Split federation job into K jobs');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: k }).first().waitFor({ timeout: 60_000 });
        if (shot) await screenshot(page, shot);
        await page.keyboard.type(k);
        await page.keyboard.press('Enter');
      }

      it('"Split federation job into K jobs…" says why a job cannot be split', async function () {
        assert.ok(serverCommands().includes('promfed.splitJob'), 'the server serves promfed.splitJob');
        await splitInto('federate-eu-alerts', '2');
        await waitForToast(page, 'No federation job with two or more match[] selectors');
        await screenshot(page, '06-split-refused');
        await runCommand(page, 'Notifications: Clear All Notifications');
      });

      it('"Split federation job into K jobs…" asks for K, then asks the server', async () => {
        await splitInto('federate-eu', '3', '07-split-ask-k');
        if (serverCommands().includes('promfed.splitJob')) {
          // The server applies the edit; VS Code saves a refactoring's files itself, so look at the text.
          await waitForEditorText(page, '- job_name: federate-eu-1');
          await screenshot(page, '08-split-applied');
        } else {
          await waitForToast(page, 'cannot split a federation job yet');
          console.log('      (the server has no promfed.splitJob yet: checked the message instead of the edit)');
        }
      });

      it('"Preview federation job" opens the report of the job at the cursor', async () => {
        await openFile(page, FILE);
        await goTo(page, jobLine('federate-eu'), 5);
        await runCommand(page, 'promfed: Preview federation job');
        if (serverCommands().includes('promfed.previewJob')) {
          // The job was renamed federate-eu-1 by the split above. Its target does not resolve here: the report
          // says so (the live config's preview against a real Prometheus is tested over stdio in test/e2e/preview).
          await page.locator('.tabs-container .tab', { hasText: 'Preview: federate-eu-1' }).first().waitFor({ timeout: 60_000 });
          const report = await waitForWebviewText(page, /\/federate preview: federate-eu-1/);
          await screenshot(page, '09-preview');
          assert.match(report, /prometheus-eu:9090/, report);
        } else {
          await waitForToast(page, 'cannot preview a federation job yet');
          console.log('      (the server has no promfed.previewJob yet: checked the message instead of the preview)');
        }
      });
    });

    describe('a federation config pointing at a real Prometheus on loopback', () => {
      let text: string;
      let liveExpected: CliFinding[];

      before(async () => {
        text = fs.readFileSync(path.join(workspace, LIVE), 'utf8');
        liveExpected = cliFindings(path.join(workspace, LIVE));
        await closeAllEditors(page);
        await openFile(page, LIVE);
      });

      it('shows the diagnostics the CLI reports for it', async () => {
        assert.ok(shown(liveExpected).length > 0, 'the live config has a finding the Problems view lists');
        await waitForSquiggle(page);
        await openProblems(page);
        await waitForProblemCount(page, LIVE, shown(liveExpected).length).catch(() => undefined);
        const problems = promfedProblems(await readProblems(page), LIVE);
        await screenshot(page, '10-live-diagnostics');
        assert.deepEqual(keys(problems), keys(shown(liveExpected)));
      });

      it('fixes the misspelt key with a quick fix (Ctrl+.)', async () => {
        const typo = liveExpected.find((f) => f.code === 'unknown-key');
        assert.ok(typo, 'the live config has a misspelt key');
        await goTo(page, typo.line, typo.column);
        await runCodeAction(page, 'Change to evaluation_interval');
        await waitForProblemGone(page, 'unknown-key', typo.line);
        await waitForEditorText(page, 'evaluation_interval: 15s');
        assert.deepEqual(promfedProblems(await readProblems(page), LIVE), []);
      });

      it('shows the live series count of a selector on hover, as an independent /federate fetch counts it', async () => {
        const selector = LIVE_SELECTORS[0];
        const at = positionOf(text, `'${selector}'`, 2);
        await closePanel(page);
        await goTo(page, at.line, at.column);
        const before = await federateCount(prom!.base, [selector]);
        const rows = (await hoverAtCursor(page, [/Live \/federate preview/, /[\d,]+ series, [\d,]+ metric names/])).map(oneLine);
        const after = await federateCount(prom!.base, [selector]);
        await screenshot(page, '12-live-hover');
        const live = rows.find((r) => /Live \/federate preview of selector/.test(r));
        assert.ok(live, `a live section in the hover: ${JSON.stringify(rows)}`);
        assert.match(live, /200 OK/);
        assert.deepEqual(after, before, 'the series set held still while the hover fetched');
        assert.ok(before.series > 1, `the selector matches series (${before.series})`);
        assert.deepEqual(hoverCounts(live), before, live);
        await page.keyboard.press('Escape');
      });

      it('splits the job into one job per match[] selector (Ctrl+., refactoring)', async () => {
        await goTo(page, positionOf(text, `job_name: ${LIVE_JOB}`).line, 5);
        const offered = await runCodeAction(page, /^Split into one job per match\[\] selector/, () => screenshot(page, '13-live-split-menu'));
        assert.ok(offered.includes('Split into one job per match[] selector (2 jobs)'), JSON.stringify(offered));
        await waitForEditorLines(page, /- job_name:/, 2);
        await screenshot(page, '14-live-split-applied');
        const shownLines = await visibleLines(page);
        assert.match(shownLines[0], /^# A global Prometheus/, 'the editor shows the file from its first line');
        const config = parse(shownLines.join('\n')) as { scrape_configs: { job_name: string; honor_labels: boolean; params: { 'match[]': string[] }; static_configs: unknown }[] };
        const jobs = config.scrape_configs;
        assert.deepEqual(jobs.map((j) => j.params['match[]']), LIVE_SELECTORS.map((s) => [s]));
        assert.ok(jobs.every((j) => j.honor_labels === true), 'every job keeps honor_labels: true');
        assert.deepEqual(jobs.map((j) => j.static_configs), [0, 1].map(() => [{ targets: [`127.0.0.1:${prom!.port}`] }]));
        assert.equal(new Set(jobs.map((j) => j.job_name)).size, 2, `distinct job names: ${jobs.map((j) => j.job_name).join(', ')}`);
      });
    });

    describe('the language server', () => {
      it('restarts a crashed server, and says so once', async () => {
        await closeAllEditors(page);
        await openFile(page, FILE);
        await openProblems(page);
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
        // The restarted server validates edits: "10sx" in the global section (which no test above edits) is an error.
        const timeout = fs.readFileSync(EXAMPLE, 'utf8').split('\n').findIndex((l) => l === '  scrape_timeout: 10s') + 1;
        assert.ok(timeout > 0, 'the example sets the global scrape_timeout');
        // Saved by closeAllEditors: the restarted server's problems are the CLI's for the file on disk. Waiting for
        // that count, not reading whatever the view shows, leaves no race with the restarts' republishing.
        const count = shown(cliFindings(path.join(workspace, FILE))).length;
        await waitForProblemCount(page, FILE, count);
        await goTo(page, timeout, '  scrape_timeout: 10s'.length + 1);
        await page.keyboard.type('x');
        await waitForProblem(page, 'invalid-value', timeout);
        await waitForProblemCount(page, FILE, count + 1);
        await screenshot(page, '15-restarted');
        await page.keyboard.press('Control+Z');
        await waitForProblemCount(page, FILE, count);
        await waitForProblemGone(page, 'invalid-value', timeout);
        const toasts = await page.$$eval('.notifications-toasts .notification-list-item', (els) => els.map((e) => (e as { innerText: string }).innerText));
        assert.equal(toasts.length, 1, `one notification for two crashes: ${JSON.stringify(toasts)}`);
      });

      it("keeps the server's compile cache in the extension's storage", async () => {
        // Written a moment after the first check of the first server, long before this test.
        const dir = path.join(server!.userDataDir, 'User', 'globalStorage', 'promfed.promfed', 'compile-cache');
        const files = await waitUntil(() => (fs.existsSync(dir) && fs.readdirSync(dir).length > 0 ? fs.readdirSync(dir) : undefined), 30_000, 'the compile cache');
        assert.deepEqual(files.map((f) => f.replace(/-[0-9a-f]+\.v8cache$/, '')), ['server-main'], files.join(', '));
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
  });

  describe('in an untrusted workspace (Restricted Mode)', () => {
    let server: CodeServer | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    let recorder: Recorder | undefined;
    let workspace: string;

    before(async function () {
      if (!browser || !prom) this.skip();
      // The live config's target here: a loopback server in front of the same Prometheus, counting connections.
      recorder = await startRecorder(`127.0.0.1:${prom.port}`);
      const dir = path.join(runDir, 'untrusted');
      workspace = makeWorkspace(dir, `127.0.0.1:${recorder.port}`);
      server = await CodeServer.start({ dir, extensionsDir, workspace, settings: { ...BASE_SETTINGS, 'security.workspace.trust.enabled': true } });
      context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      page = await context.newPage();
      await openWorkbench(page, server.folderUrl(workspace));
      await answerTrustDialog(page, false);
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
      await openFile(page, FILE);
    });

    after(async () => {
      await context?.close();
      await server?.stop();
      await recorder?.close();
    });

    it('still validates, with live access off', async () => {
      await waitForSquiggle(page);
      await openProblems(page);
      await waitForProblemCount(page, FILE, shown(expected).length).catch(() => undefined);
      const problems = promfedProblems(await readProblems(page), FILE);
      await screenshot(page, '16-restricted-mode');
      assert.deepEqual(keys(problems), keys(shown(expected)));
      assert.match(server!.extensionLog(), /Restricted Mode: promfed\.live\.enabled is off/);
    });

    it('shows no live data in the hover, and connects to no server', async () => {
      const text = fs.readFileSync(path.join(workspace, LIVE), 'utf8');
      await closeAllEditors(page);
      await openFile(page, LIVE);
      await closePanel(page);
      const at = positionOf(text, `'${LIVE_SELECTORS[0]}'`, 2);
      await goTo(page, at.line, at.column);
      // The server answers a hover once, static part and live part together: when the static part shows, it is done.
      const rows = (await hoverAtCursor(page, [/Federates series whose name matches the regex/])).map(oneLine);
      await screenshot(page, '17-restricted-hover');
      assert.ok(rows.some((r) => /Federates series whose name matches the regex/.test(r)), `the static hover shows: ${JSON.stringify(rows)}`);
      assert.ok(!rows.some((r) => /Live \/federate preview|\d+ series|metric names/.test(r)), `no live data: ${JSON.stringify(rows)}`);
      assert.deepEqual(recorder!.requests(), [], 'no request reached the target');
      assert.equal(recorder!.connections(), 0, 'no connection reached the target');
      // The recorder does see a client that connects: the same count through it as straight from Prometheus.
      const through = await federateCount(`http://127.0.0.1:${recorder!.port}`, [LIVE_SELECTORS[1]]);
      assert.ok(through.series >= 1 && recorder!.connections() === 1, `the recorder counted ${recorder!.connections()} connection(s)`);
    });
  });
});
