/** The shared corpus of real configs (never copied into the repo): `../shared/corpus/real` beside the checkout. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * The corpus directory: $PROMFED_CORPUS, else `shared/corpus/real` beside the repository or beside one of its
 * parents (a git worktree lives one level deeper than the main checkout). Fails, never skips, when absent.
 */
export function corpusDir(): string {
  const candidates = process.env.PROMFED_CORPUS ? [process.env.PROMFED_CORPUS] : [];
  for (let dir = REPO; ; dir = path.dirname(dir)) {
    candidates.push(path.join(path.dirname(dir), 'shared', 'corpus', 'real'));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => fs.existsSync(c));
  assert.ok(found, `corpus missing; looked at ${candidates.join(', ')}`);
  return found;
}

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
}

export function corpusFiles(): CorpusFile[] {
  const dir = corpusDir();
  const files = fs
    .readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
  assert.ok(files.length >= 10, `only ${files.length} corpus files in ${dir}`);
  return files;
}
