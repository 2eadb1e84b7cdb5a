/**
 * nodeKinds' `instanceof` tests against the `yaml` package's own node tests, on every value reachable from parsed
 * configs: the `yaml` package's nodes (whole-file parses) and the fast parser's (job-by-job parses), keys,
 * values, pairs, aliases, documents, and the plain values found in them.
 */
import * as assert from 'node:assert/strict';
import * as yaml from 'yaml';
import { generateConfig } from '../../bench/generate';
import { parseConfig } from '../../server/src/service';
import * as kinds from '../../server/src/service/nodeKinds';
import { corpusFiles } from './corpusFiles';

const TESTS = ['isScalar', 'isMap', 'isSeq', 'isPair', 'isAlias'] as const;
type Test = (value: unknown) => boolean;

/** Every object and primitive reachable from `root` through own properties, each object once. */
function reachable(root: unknown): unknown[] {
  const seen = new Set<object>();
  const out: unknown[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    out.push(value);
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    for (const key of Object.keys(value)) stack.push((value as Record<string, unknown>)[key]);
  }
  return out;
}

/** The counts of values each test accepts; asserts that nodeKinds and `yaml` agree on every value. */
function compare(root: unknown, what: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of reachable(root)) {
    for (const test of TESTS) {
      const expected = (yaml[test] as Test)(value);
      assert.equal((kinds[test] as Test)(value), expected, `${what}: ${test} disagrees on ${String(value)}`);
      if (expected) counts[test] = (counts[test] ?? 0) + 1;
    }
  }
  return counts;
}

describe('nodeKinds', () => {
  it('agrees with the yaml package on the fast parser\'s nodes of a generated config', () => {
    const parsed = parseConfig(generateConfig(60));
    assert.ok(parsed.model.document.jobChunks, 'the generated config is parsed job by job');
    const counts = compare(parsed.model.document.yaml, 'generated');
    // Not vacuous: the walk reached the nodes of every kind the config holds.
    for (const test of ['isScalar', 'isMap', 'isSeq', 'isPair']) assert.ok((counts[test] ?? 0) > 60, `${test}: ${counts[test]}`);
  });

  it('agrees with the yaml package on whole-file parses of the corpus, aliases included', () => {
    const total: Record<string, number> = {};
    const texts = [...corpusFiles().map((f) => f.text), 'base: &b {a: 1}\nuse: *b\nlist: [*b, x]\n'];
    for (const text of texts) {
      const doc = yaml.parseDocument(text, { keepSourceTokens: true });
      for (const [test, n] of Object.entries(compare(doc, 'corpus'))) total[test] = (total[test] ?? 0) + n;
    }
    for (const test of TESTS) assert.ok((total[test] ?? 0) > 0, `${test} never true`);
  });

  it('is false for values that are not nodes', () => {
    for (const value of [null, undefined, 0, 'a', true, {}, [], Symbol('x'), () => 1, new yaml.Document()]) {
      for (const test of TESTS) assert.equal((kinds[test] as Test)(value), false, `${test}(${String(value)})`);
    }
  });
});
