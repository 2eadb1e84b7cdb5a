/**
 * Steps a person takes in the VS Code workbench, each waiting for what the UI shows (with a deadline).
 * The Problems view has its own module, problems.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT } from '../expected';
import type { Page } from './playwright';

// The callbacks of waitForFunction and evaluate run in the page, where these exist.
declare const document: {
  querySelectorAll(selector: string): Iterable<{
    getAttribute(name: string): string | null;
    innerText: string;
    getAnimations(options?: { subtree?: boolean }): { playState: string }[];
  }>;
};
declare function requestAnimationFrame(callback: () => void): void;

/** A first squiggle can take ~15 s on a cold machine. */
export const UI_DEADLINE = 60_000;

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url, { timeout: UI_DEADLINE });
  await page.locator('.monaco-workbench').waitFor({ timeout: UI_DEADLINE });
}

/** Answers the Workspace Trust dialog that a fresh profile shows for a folder. */
export async function answerTrustDialog(page: Page, trust: boolean): Promise<void> {
  const button = page.getByRole('button', { name: trust ? /Yes, I trust the authors/ : /No, I don.t trust the authors/ });
  await button.waitFor({ timeout: UI_DEADLINE });
  await button.click();
  await button.waitFor({ state: 'hidden', timeout: UI_DEADLINE });
}

/** Opens a file by clicking it in the explorer (quick open races with its result list). */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click({ timeout: UI_DEADLINE });
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_DEADLINE });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: UI_DEADLINE });
}

export async function waitForSquiggle(page: Page): Promise<void> {
  await page.locator('.squiggly-error, .squiggly-warning, .squiggly-info').first().waitFor({ state: 'attached', timeout: UI_DEADLINE });
}

/** Hides the panel (Problems, Output, ...), leaving the editor the whole height. */
export async function closePanel(page: Page): Promise<void> {
  const panel = page.locator('.part.panel').first();
  if (!(await panel.isVisible())) return;
  await page.keyboard.press('Control+J');
  await panel.waitFor({ state: 'hidden', timeout: UI_DEADLINE });
}

/** Waits until the elements matching `selector` have finished their CSS animations (hovers fade in). */
export async function animationsDone(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (selector) =>
      [...document.querySelectorAll(selector)].every((e) =>
        e.getAnimations({ subtree: true }).every((a) => a.playState === 'finished' || a.playState === 'idle'),
      ),
    selector,
    { timeout: UI_DEADLINE, polling: 'raf' },
  );
}

/** Polls `check` (a cheap local read, e.g. /proc) until it returns a value, or fails after `ms`. */
export async function waitUntil<T>(check: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Lets the workbench render: two animation frames, no fixed delay. */
export function nextFrames(page: Page): Promise<unknown> {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(undefined)))), undefined);
}

/** Moves the cursor with Go to Line (Ctrl+G, `line:column`) and waits for the status bar to show it. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ timeout: UI_DEADLINE });
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ timeout: UI_DEADLINE });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout: UI_DEADLINE });
}

/** The rows of the hover on screen (one per diagnostic, one per provider), without its status bar. */
export function hoverRows(page: Page): Promise<string[]> {
  return page.$$eval('.monaco-hover .hover-row:not(.status-bar)', (els) => els.map((e) => (e as { innerText: string }).innerText));
}

/**
 * Shows the hover at the cursor (Ctrl+K Ctrl+I) and waits until it has settled: a row matches each of
 * `expect` (providers answer later than the diagnostics' rows), and no row still says "Loading...".
 * Returns the text of its rows.
 */
export async function hoverAtCursor(page: Page, expect: readonly RegExp[] = []): Promise<string[]> {
  await page.keyboard.press('Escape'); // Ctrl+K Ctrl+I on a hover already showing would focus it instead
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await page.locator('.monaco-hover .hover-row').first().waitFor({ timeout: UI_DEADLINE });
  await page
    .waitForFunction(
      (sources) => {
        const rows = [...document.querySelectorAll('.monaco-hover .hover-row')].map((e) => e.innerText.replace(/\s+/g, ' '));
        return !rows.some((r) => /^Loading\.\.\.$/.test(r.trim())) && sources.every((s) => rows.some((r) => new RegExp(s).test(r)));
      },
      expect.map((r) => r.source),
      { timeout: UI_DEADLINE, polling: 100 },
    )
    .catch(() => undefined); // the caller's assertion shows what the hover said instead
  await animationsDone(page, '.monaco-hover');
  return hoverRows(page);
}

/**
 * Opens the code action menu at the cursor (Ctrl+.) and runs the action labelled `label` with the keyboard, as
 * the menu expects (a pointer block covers the page until the mouse moves). Returns every label offered.
 */
export async function runCodeAction(page: Page, label: string | RegExp, beforeRun?: () => Promise<unknown>): Promise<string[]> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+.');
  const row = '.action-widget .monaco-list-row.action';
  const matches = (l: string) => (typeof label === 'string' ? l === label : label.test(l));
  await page.locator(row, { hasText: label }).first().waitFor({ timeout: UI_DEADLINE });
  const labels = await page.$$eval(row, (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const target = labels.findIndex(matches);
  if (target < 0) throw new Error(`no code action ${label} among ${JSON.stringify(labels)}`);
  await beforeRun?.();
  // Down moves the focus one action row on, skipping group headers: at most one step per row.
  for (let step = 0; ; step++) {
    const focused = await page.$$eval(`${row}.focused`, (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    if (focused.length === 1 && matches(focused[0])) break;
    if (step === labels.length) throw new Error(`could not move the focus to ${label} (focused: ${JSON.stringify(focused)})`);
    await page.keyboard.press('ArrowDown');
    await nextFrames(page);
  }
  await page.keyboard.press('Enter');
  await page.locator(row).first().waitFor({ state: 'hidden', timeout: UI_DEADLINE });
  return labels;
}

/** The lines the editor shows, top to bottom (Monaco positions its line elements; DOM order may differ). */
export async function visibleLines(page: Page): Promise<string[]> {
  const lines = await page.$$eval('.editor-instance .monaco-editor .view-lines .view-line', (els) =>
    els.map((e) => ({ top: parseFloat((e as { style: { top: string } }).style.top), text: (e as { innerText: string }).innerText })),
  );
  return lines.sort((a, b) => a.top - b.top).map((l) => l.text.replace(/\u00a0/g, ' '));
}

/** Waits until `count` of the lines the editor shows match `pattern`. */
export async function waitForEditorLines(page: Page, pattern: RegExp, count: number): Promise<void> {
  await page.waitForFunction(
    ({ source, count }) =>
      [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')].filter((e) => new RegExp(source).test(e.innerText.replace(/\u00a0/g, ' '))).length === count,
    { source: pattern.source, count },
    { timeout: UI_DEADLINE, polling: 100 },
  );
}

/** Waits until the editor shows `text` on one of its lines. */
export async function waitForEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: text }).first().waitFor({ timeout: UI_DEADLINE });
}

/**
 * The palette's commands whose labels start with `promfed:`; waits for "promfed: Restart Server", which is
 * always offered, so the list is complete when read.
 */
export async function promfedCommands(page: Page): Promise<string[]> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: UI_DEADLINE });
  await page.keyboard.type('promfed: ');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'promfed: Restart Server' }).first().waitFor({ timeout: UI_DEADLINE });
  const labels = await page.$$eval('.quick-input-list .monaco-list-row', (els) => els.map((e) => (e as { innerText: string }).innerText.split('\n')[0]));
  await page.keyboard.press('Escape');
  return labels.filter((l: string) => l.startsWith('promfed: '));
}

/** Runs a command from the palette by the start of its label (`category: title`). */
export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').waitFor({ timeout: UI_DEADLINE });
  await page.keyboard.type(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: UI_DEADLINE });
  await page.keyboard.press('Enter');
}

/** Waits until a frame of the page (a webview's document) shows text matching `pattern`, and returns that text. */
export async function waitForWebviewText(page: Page, pattern: RegExp): Promise<string> {
  return waitUntilAsync(async () => {
    for (const frame of page.frames()) {
      // A frame may go away between frames() and evaluate(): it then simply is not the one we wait for.
      const text = await frame.evaluate(() => (document as unknown as { body?: { innerText: string } }).body?.innerText ?? '', undefined).catch(() => '');
      if (pattern.test(text)) return text;
    }
    return undefined;
  }, UI_DEADLINE, `a webview showing ${pattern}`);
}

/** Like waitUntil, for an asynchronous check. */
export async function waitUntilAsync<T>(check: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits for a notification toast containing `text`. */
export async function waitForToast(page: Page, text: string | RegExp): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
  await toast.waitFor({ timeout: UI_DEADLINE });
  return toast.innerText();
}

/** Where the screenshots of a run go (the VS Code test's directory, emptied at its start). */
export const SCREENSHOTS = path.join(OUTPUT, 'vscode', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
