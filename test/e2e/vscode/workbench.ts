/** Steps a person takes in the VS Code workbench, each waiting for what the UI shows (with a deadline). */
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

export interface Problem {
  readonly severity: 'error' | 'warning' | 'info';
  readonly source: string;
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

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

export async function openProblems(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ timeout: UI_DEADLINE });
}

/** Waits until the Problems view counts `count` problems for `file` (it updates on a debounce). */
export async function waitForProblemCount(page: Page, file: string, count: number): Promise<void> {
  await page.waitForFunction(
    ({ file, count }) => {
      const header = [...document.querySelectorAll('.markers-panel .monaco-list-row')].find((r) => (r.getAttribute('aria-label') ?? '').includes(`in file ${file}`));
      const n = header ? parseInt(header.getAttribute('aria-label') ?? '', 10) : 0;
      return n === count;
    },
    { file, count },
    { timeout: UI_DEADLINE, polling: 100 },
  );
}

/** Waits until no row of the Problems view shows diagnostic `code` at `line`. */
export async function waitForProblemGone(page: Page, code: string, line: number): Promise<void> {
  await page.waitForFunction(
    ({ code, line }) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.innerText.includes(code) && r.innerText.includes(`[Ln ${line},`)),
    { code, line },
    { timeout: UI_DEADLINE, polling: 100 },
  );
}

/** The count the Problems view shows for `file` (0 when it lists none). */
export async function problemCount(page: Page, file: string): Promise<number> {
  const labels = await page.$$eval('.markers-panel .monaco-list-row', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  const header = labels.find((l: string) => l.includes(`in file ${file}`));
  return header ? parseInt(header, 10) : 0;
}

/** Every problem row of the Problems view, scrolling through its virtual list. */
export async function readProblems(page: Page): Promise<Problem[]> {
  const rows = new Map<string, { aria: string; text: string }>();
  const list = page.locator('.markers-panel .monaco-list').first();
  const box = await list.boundingBox();
  for (let round = 0; round < 50; round++) {
    const visible = await page.$$eval('.markers-panel .monaco-list-row', (els) =>
      els.map((e) => ({ index: e.getAttribute('data-index') as string, aria: e.getAttribute('aria-label') ?? '', text: (e as { innerText: string }).innerText })),
    );
    const before = rows.size;
    for (const row of visible) rows.set(row.index, row);
    if (round > 0 && rows.size === before) break;
    if (!box) break;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, box.height * 0.8);
    await nextFrames(page);
  }
  const problems: Problem[] = [];
  for (const { aria, text } of rows.values()) {
    const severity = /^(Error|Warning|Info): /.exec(aria)?.[1].toLowerCase() as Problem['severity'] | undefined;
    if (!severity) continue; // file headers and related-information rows
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const position = /\[Ln (\d+), Col (\d+)\]/.exec(lines[lines.length - 1] ?? '');
    if (!position) throw new Error(`unexpected problem row: ${JSON.stringify(text)}`);
    // Rows read: message, source, code, [Ln, Col].
    problems.push({ severity, message: lines[0], source: lines[1] ?? '', code: lines.length > 3 ? lines[2] : '', line: Number(position[1]), column: Number(position[2]) });
  }
  return problems;
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

/** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text. */
export async function hoverAtCursor(page: Page, selector = '.monaco-hover .hover-contents'): Promise<string> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator(selector).first();
  await hover.waitFor({ timeout: UI_DEADLINE });
  await animationsDone(page, '.monaco-hover');
  return hover.innerText();
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

/** Waits for a notification toast containing `text`. */
export async function waitForToast(page: Page, text: string | RegExp): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
  await toast.waitFor({ timeout: UI_DEADLINE });
  return toast.innerText();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
