/** The Problems view: what it lists, read from its rows (a virtual list) and their ARIA labels. */
import type { Box, Page } from './playwright';
import { nextFrames, UI_DEADLINE } from './workbench';

// The callbacks of waitForFunction run in the page, where this exists.
declare const document: {
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null; innerText: string }>;
};

export interface Problem {
  /** The file header the row sits under in the Problems view. */
  readonly file: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly source: string;
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Shows the Problems view (Ctrl+Shift+M toggles it, so only when it is not showing). */
export async function openProblems(page: Page): Promise<void> {
  const panel = page.locator('.markers-panel').first();
  if (await panel.isVisible()) return;
  await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ timeout: UI_DEADLINE });
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

/**
 * Waits until no rendered row of the Problems view shows diagnostic `code` at `line`. The list is virtual: a
 * caller confirms with readProblems, which reads every row.
 */
export async function waitForProblemGone(page: Page, code: string, line: number): Promise<void> {
  await page.waitForFunction(
    ({ code, line }) => ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.innerText.includes(code) && r.innerText.includes(`[Ln ${line},`)),
    { code, line },
    { timeout: UI_DEADLINE, polling: 100 },
  );
}

/** Waits until a row of the Problems view shows diagnostic `code` at `line`. */
export async function waitForProblem(page: Page, code: string, line: number): Promise<void> {
  await page.waitForFunction(
    ({ code, line }) => [...document.querySelectorAll('.markers-panel .monaco-list-row')].some((r) => r.innerText.includes(code) && r.innerText.includes(`[Ln ${line},`)),
    { code, line },
    { timeout: UI_DEADLINE, polling: 100 },
  );
}

/** Scrolls the Problems view's virtual list to its first row; returns the list's box. */
async function scrollProblemsToTop(page: Page): Promise<Box | null> {
  const box = await page.locator('.markers-panel .monaco-list').first().boundingBox();
  if (!box) return null;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let round = 0; round < 50; round++) {
    await page.mouse.wheel(0, -box.height * 10);
    await nextFrames(page);
    // Rows of the list itself: the tree's sticky header repeats the file row (index 0) above a scrolled list.
    const first = await page.$$eval('.markers-panel .monaco-list-rows > .monaco-list-row[data-index="0"]', (els) => els.length);
    if (first > 0) break;
  }
  return box;
}

/** Every problem row of the Problems view, scrolling through its virtual list. */
export async function readProblems(page: Page): Promise<Problem[]> {
  const rows = new Map<string, { aria: string; text: string }>();
  const box = await scrollProblemsToTop(page);
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
  // Back to the top, where the file headers and the first rows are, for the waits that read rendered rows.
  await scrollProblemsToTop(page);
  const problems: Problem[] = [];
  let file = '';
  for (const [, { aria, text }] of [...rows].sort(([a], [b]) => Number(a) - Number(b))) {
    // A file header's label: "26 problems in file federation.yml of folder workspace".
    const header = / in file (.+?) of folder /.exec(aria);
    if (header) file = header[1];
    const severity = /^(Error|Warning|Info): /.exec(aria)?.[1].toLowerCase() as Problem['severity'] | undefined;
    if (!severity) continue; // file headers and related-information rows
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const position = /\[Ln (\d+), Col (\d+)\]/.exec(lines[lines.length - 1] ?? '');
    if (!position) throw new Error(`unexpected problem row: ${JSON.stringify(text)}`);
    // Rows read: message, source, code, [Ln, Col].
    problems.push({ file, severity, message: lines[0], source: lines[1] ?? '', code: lines.length > 3 ? lines[2] : '', line: Number(position[1]), column: Number(position[2]) });
  }
  return problems;
}
