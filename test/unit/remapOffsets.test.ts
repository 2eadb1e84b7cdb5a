/**
 * remapOffsets (document.ts), which moves a parse of the tab-repaired text back onto the real text, against a
 * reference that moves every `range`, `offset` and `pos` reachable from the documents: every offset of both parses
 * must agree, on corpus files, generated configs and fixtures with tabs put into them, and on random damage.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, type Document } from 'yaml';
import { generateConfig } from '../../bench/generate';
import { remapOffsets } from '../../server/src/service/document';
import { PARSE_OPTIONS } from '../../server/src/service/incremental';
import { parserText } from '../../server/src/service/limits';
import { applyEdits, createOffsetMapper, tabRepairs } from '../../server/src/service/repair';
import { findRejectedTabs } from '../../server/src/service/yamlTabs';
import { corpusFiles, REPO } from './corpusFiles';

const SKIPPED = new Set(['doc', 'schema', 'options', 'directives']);

/** Every object reachable from `roots` (but the documents' shared parts), once each, in a fixed order. */
function reachable(roots: readonly object[], visit: (o: Record<string, unknown>) => void): void {
  const seen = new Set<object>();
  const stack: object[] = [...roots].reverse();
  while (stack.length) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    visit(o as Record<string, unknown>);
    const keys = Object.keys(o).filter((k) => !SKIPPED.has(k));
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = (o as Record<string, unknown>)[keys[i]];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
}

const isRange = (v: unknown): v is number[] => Array.isArray(v) && v.length === 3 && v.every((n) => typeof n === 'number');
const isPos = (v: unknown): v is number[] => Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number');

/** The reference: every range, offset and pos anywhere under the documents, moved by `map`. */
function remapEverything(docs: readonly Document.Parsed[], map: (offset: number) => number): void {
  reachable(docs, (o) => {
    if (isRange(o.range)) o.range = o.range.map(map);
    if (typeof o.offset === 'number') o.offset = map(o.offset);
    if (isPos(o.pos)) o.pos = o.pos.map(map);
  });
}

/** Every range, offset and pos under the documents, in the order the walk meets them. */
function offsetsOf(docs: readonly Document.Parsed[]): string[] {
  const out: string[] = [];
  reachable(docs, (o) => {
    if (isRange(o.range)) out.push(`range ${o.range.join(',')}`);
    if (typeof o.offset === 'number') out.push(`offset ${o.offset}`);
    if (isPos(o.pos)) out.push(`pos ${o.pos.join(',')}`);
  });
  return out;
}

/** Both remaps of the parse of `text` with its rejected tabs repaired; false when it has none. */
function assertSameRemap(text: string, what: string): boolean {
  const repairs = tabRepairs(text, findRejectedTabs(text));
  if (repairs.length === 0) return false;
  const repaired = parserText(applyEdits(text, repairs));
  const map = createOffsetMapper(repairs);
  const expected = parseAllDocuments(repaired, PARSE_OPTIONS) as Document.Parsed[];
  const actual = parseAllDocuments(repaired, PARSE_OPTIONS) as Document.Parsed[];
  remapEverything(expected, map);
  remapOffsets(actual, map);
  assert.deepEqual(offsetsOf(actual), offsetsOf(expected), `offsets differ for ${what}`);
  return true;
}

/** `text` with the indentation of every `every`-th indented line started by a tab. */
function withTabs(text: string, every: number, offset = 0): string {
  let n = offset;
  return text.replace(/^( +)(?=\S)/gm, (spaces: string) => (n++ % every === 0 ? `\t${spaces.slice(1)}` : spaces));
}

describe('remapOffsets: moves a repaired parse back as a walk of everything would', function () {
  this.timeout(300_000);

  it('on corpus files, generated configs and fixtures with tabs in their indentation', () => {
    const fixtures = fs.readdirSync(path.join(REPO, 'test', 'fixtures', 'actions')).map((f) => fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'actions', f), 'utf8'));
    const texts = [...corpusFiles().map((f) => f.text), generateConfig(200), ...fixtures];
    let remapped = 0;
    for (const [i, text] of texts.entries()) {
      for (const every of [1, 7, 50]) if (assertSameRemap(withTabs(text, every, i), `text ${i}, a tab every ${every} lines`)) remapped++;
    }
    assert.ok(remapped > texts.length, `only ${remapped} texts had tabs to repair`);
  });

  it('on random damage around the tabs (anchors, flow collections, broken quotes, errors)', () => {
    const base = withTabs(generateConfig(10), 5);
    const pieces = ['\t', ' ', '\n', '- ', ': ', '&a ', '*a', '[', ']', '{', '}', '"', "'", '#', '|', '? ', 'x'];
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.constantFrom(...pieces) }), { maxLength: 8 }), (edits) => {
        let text = base;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at);
        }
        assertSameRemap(text, JSON.stringify(edits));
      }),
      { seed: 20_261_121, numRuns: 300 },
    );
  });
});
