/** Table-driven test helpers: documents with ⟦marked⟧ spans, run through the real language service. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, runRules } from '../../server/src/service';
import { sanitizeSettings, type Settings } from '../../server/src/service/settings';
import type { Finding, Span } from '../../server/src/service/types';

export const OPEN = '⟦';
export const CLOSE = '⟧';

/** Strips ⟦ ⟧ markers and returns the text and the marked spans in order. */
export function marked(source: string): { text: string; spans: Span[] } {
  let text = '';
  const spans: Span[] = [];
  const open: number[] = [];
  for (const ch of source) {
    if (ch === OPEN) open.push(text.length);
    else if (ch === CLOSE) {
      const start = open.pop();
      if (start === undefined) throw new Error('unbalanced marker');
      spans.push({ start, end: text.length });
    } else text += ch;
  }
  if (open.length) throw new Error('unbalanced marker');
  return { text, spans: spans.sort((a, b) => a.start - b.start) };
}

/**
 * The real-world corpus, read in place: $PROMFED_CORPUS, else `../shared/corpus/real` from the repository root,
 * else the same from one level up (a git worktree two levels down shares the main checkout's corpus).
 * The first candidate that exists, else the usual place (callers assert it is there, with this path in the message).
 */
export function corpusDir(): string {
  const root = path.resolve(__dirname, '..', '..', '..');
  const usual = path.join(root, '..', 'shared', 'corpus', 'real');
  const candidates = [process.env.PROMFED_CORPUS, usual, path.join(root, '..', '..', 'shared', 'corpus', 'real')];
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? usual;
}

export function findings(text: string, settings: Partial<Settings> | Record<string, unknown> = {}): Finding[] {
  return runRules(parseConfig(text), sanitizeSettings(settings), (m) => {
    throw new Error(m);
  });
}

export function show(text: string, spans: readonly Span[]): string {
  return spans.map((s) => `${s.start}-${s.end} ${JSON.stringify(text.slice(s.start, s.end))}`).join('; ');
}

/** Asserts that the findings with `code` are exactly the marked spans. Returns them for further checks. */
export function expectSpans(source: string, code: string, settings: Record<string, unknown> = {}): Finding[] {
  const { text, spans } = marked(source);
  const got = findings(text, settings).filter((f) => f.code === code);
  assert.equal(show(text, got), show(text, spans), `findings of ${code} in:\n${text}`);
  return got;
}

export interface Row {
  readonly title: string;
  /** The document, with ⟦ ⟧ around each expected span (none: no finding expected). */
  readonly text: string;
  readonly version?: '2' | '3';
  /** A substring every message must contain. */
  readonly message?: string;
}

/** One `it` per row: the findings of `code` are exactly the marked spans. */
export function table(code: string, rows: readonly Row[]): void {
  for (const row of rows) {
    it(row.title, () => {
      const got = expectSpans(row.text, code, { prometheusVersion: row.version ?? '3' });
      if (row.message) for (const f of got) assert.ok(f.message.includes(row.message), `message "${f.message}" lacks "${row.message}"`);
    });
  }
}
