/**
 * What an editor should show for a file: the CLI's findings for the same file, so the end-to-end tests keep
 * working as rules are added. Also the server's capabilities, so a test of a feature another branch adds
 * skips (saying why) until the server announces it, and runs from then on.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { LspClient } from '../lsp/lspClient';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const EXAMPLE = path.join(ROOT, 'examples', 'federation.yml');
export const OUTPUT = path.join(ROOT, 'test-output', 'e2e');

export interface CliFinding {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly code: string;
  readonly message: string;
}

/** `promfed check --format json FILE` (1-based lines and columns). */
export function cliFindings(file: string): CliFinding[] {
  const run = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', file], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`promfed check exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as CliFinding[];
}

/** One comparable line per finding, sorted: `line:column code`. */
export function keys(findings: readonly { line: number; column: number; code: string }[]): string[] {
  return findings.map((f) => `${f.line}:${f.column} ${f.code}`).sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
}

/** The capabilities the bundled server announces to a client that supports everything. */
export async function serverCapabilities(): Promise<Record<string, unknown>> {
  const client = new LspClient();
  try {
    const result = await client.initialize({ textDocument: { hover: {}, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } });
    return result.capabilities;
  } finally {
    await client.shutdown();
  }
}

/** Resolves, or rejects after `ms` with `what` in the message. */
export function deadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms))),
  ]);
}
