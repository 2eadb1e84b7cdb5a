/** Helpers for code-action tests: apply LSP edits, count findings, and run the real promtool as an oracle. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { parseConfig, runRules } from '../../../server/src/service';
import { LineIndex } from '../../../server/src/service/ranges';
import { sanitizeSettings } from '../../../server/src/service/settings';
import type { Finding } from '../../../server/src/service/types';

export const SETTINGS = sanitizeSettings({});
export const URI = 'file:///project/prometheus.yml';
export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

/** Applies LSP text edits the way an editor does: ranges refer to the original text; inserts at one position keep their order. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offsets = edits
    .map((e, i) => ({ start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const e of offsets) {
    assert.ok(e.start >= at, `overlapping edits at ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

export function applyWorkspaceEdit(text: string, edit: WorkspaceEdit | undefined, uri = URI): string {
  assert.ok(edit?.changes?.[uri], 'the action carries an edit for the document');
  return applyTextEdits(text, edit!.changes![uri]);
}

export function findingsOf(text: string): Finding[] {
  return runRules(parseConfig(text), SETTINGS, (m) => {
    throw new Error(m);
  });
}

export function countCodes(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  return counts;
}

export interface FindingChange {
  /** The code the action fixes: `left` findings of it remain (default none). */
  readonly gone?: string;
  readonly left?: number;
  /** Codes that appear once more than before: a syntax repair let the rules see a part of the file they could not. */
  readonly revealed?: readonly string[];
}

const messages = (findings: readonly Finding[], code: string) => findings.filter((f) => f.code === code).map((f) => f.message).join('; ');

/**
 * Asserts that `after` has no finding of a code more often than `before` had it: `gone` exactly `left` times,
 * each `revealed` code exactly once more than before.
 */
export function assertNoNewFindings(before: string, after: string, change: FindingChange = {}): void {
  const was = countCodes(findingsOf(before));
  const now = findingsOf(after);
  const counts = countCodes(now);
  const { gone, left = 0, revealed = [] } = change;
  if (gone) assert.ok((was.get(gone) ?? 0) > left, `the input should have more than ${left} ${gone} finding(s)`);
  if (gone) assert.equal(counts.get(gone) ?? 0, left, `${gone} should be reported ${left} time(s) after the action: ${messages(now, gone)}`);
  for (const code of new Set(revealed)) {
    const want = (was.get(code) ?? 0) + revealed.filter((c) => c === code).length;
    assert.equal(counts.get(code) ?? 0, want, `${code} should be reported ${want} time(s) after the action: ${messages(now, code)}`);
  }
  for (const [code, n] of counts) {
    if (code === gone || revealed.includes(code)) continue;
    assert.ok(n <= (was.get(code) ?? 0), `new ${code} finding(s) after the action: ${messages(now, code)}`);
  }
}

/** Every string a config names as a file that promtool checks for existence, relative paths only. */
function referencedFiles(text: string): string[] {
  const files: string[] = [];
  const doc = parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false });
  const walk = (node: unknown, key: string | undefined): void => {
    if (isMap(node)) for (const p of node.items) walk(p.value, isScalar(p.key) ? String(p.key.value) : undefined);
    else if (isSeq(node)) for (const item of node.items) walk(item, key === 'rule_files' ? 'rule_file' : key);
    else if (isScalar(node) && typeof node.value === 'string' && key && (key.endsWith('_file') || key === 'rule_file') && !node.value.includes('*')) files.push(node.value);
  };
  walk(doc.contents as Node, undefined);
  return files.filter((f) => f !== '' && !path.isAbsolute(f));
}

export interface PromtoolResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs `promtool check config` on `text` in a fresh temp dir, with empty files for every relative file it names. */
export function promtoolCheck(text: string, name = 'prometheus.yml'): PromtoolResult {
  assert.ok(fs.existsSync(PROMTOOL), `promtool is required for this test (looked for ${PROMTOOL}; apt-get install prometheus)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-actions-'));
  try {
    for (const f of referencedFiles(text)) {
      const target = path.join(dir, f);
      if (!target.startsWith(dir)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (!fs.existsSync(target)) fs.writeFileSync(target, '');
    }
    fs.writeFileSync(path.join(dir, name), text);
    const run = spawnSync(PROMTOOL, ['check', 'config', name], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.error, undefined, `promtool could not run: ${run.error?.message}`);
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every `#` comment of a YAML text, trimmed (not a `#` inside a quoted scalar). */
export function commentsOf(text: string): string[] {
  const out: string[] = [];
  // A line scan that skips quoted scalars is enough for these configs.
  for (const line of text.split(/\r?\n/)) {
    let quote: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = null;
        continue;
      }
      if ((c === '"' || c === "'") && (i === 0 || /[\s[{,]/.test(line[i - 1]))) quote = c;
      else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
        out.push(line.slice(i).trim());
        break;
      }
    }
  }
  return out;
}
