/**
 * The small part of playwright-core's API the tests use. playwright-core is loaded from the e2e tools
 * directory at run time, so the type-check does not depend on it being installed.
 */
import { CHROMIUM, PLAYWRIGHT } from './tools';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Locator {
  first(): Locator;
  or(other: Locator): Locator;
  click(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  boundingBox(): Promise<Box | null>;
}

export interface Frame {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

export interface Page {
  /** The page's frames, webviews' iframes included. */
  frames(): Frame[];
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  getByRole(role: string, options?: { name?: string | RegExp }): Locator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string): Promise<void> };
  mouse: { move(x: number, y: number): Promise<void>; wheel(dx: number, dy: number): Promise<void> };
  screenshot(options: { path: string }): Promise<unknown>;
  /** `fn` runs in the page: its parameter is a DOM element list. */
  $$eval<R>(selector: string, fn: (elements: any[]) => R): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, options?: { timeout?: number; polling?: 'raf' | number }): Promise<unknown>;
  close(): Promise<void>;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface Browser {
  newContext(options?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Debian's chromium, headless, with the flags known to work on a machine without internet. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = require(PLAYWRIGHT) as { chromium: { launch(options: object): Promise<Browser> } };
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
