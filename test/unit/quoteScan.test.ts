/**
 * The quote scan behind the syntax findings for quotes (yamlTabs.ts multiLineQuotes) skips the lines that cannot
 * change it: outside quotes and brackets, a line with no quote and no `[` or `{`. Here it must find the same runs
 * as the scan of every line, on the corpus, generated configs and random texts of quotes, brackets, comments and
 * every kind of line break.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateConfig } from '../../bench/generate';
import { multiLineQuotes } from '../../server/src/service/yamlTabs';
import { corpusFiles } from './corpusFiles';

const PIECES = ['x', 'a: ', 'x,"', ',"', ' ', '  ', '- ', '"', "'", "''", '\\"', '\\', '[', ']', '{', '}', ', ', '#', ' # c', ':', '\n', '\r\n', '\r', '\n  - job_name: j\n', '|', '\t'];

function assertSameRuns(text: string, what: string): void {
  assert.deepEqual(multiLineQuotes(text), multiLineQuotes(text, true), `runs differ for ${what}: ${JSON.stringify(text.slice(0, 300))}`);
}

describe('the quote scan', () => {
  it('finds a quote that runs over lines, and one never closed', () => {
    const text = 'a: "one\n  two"\nb: c\nd: \'open\ne: f\n';
    assert.deepEqual(multiLineQuotes(text), [
      { open: 3, close: 13 },
      { open: 23, close: -1 },
    ]);
    assertSameRuns(text, 'the example');
    // Inside brackets opened on an earlier line, a quote after a comma opens a string; outside, it would not.
    for (const open of ['[', '{']) {
      const flow = `a: ${open}b,\n  c,"d\n  e"${open === '[' ? ']' : '}'}\n`;
      assert.deepEqual(multiLineQuotes(flow), [{ open: 11, close: 17 }], `${open} on the line before`);
      assertSameRuns(flow, `${open} on the line before`);
    }
  });

  it('finds the runs of a scan of every line on the corpus and generated configs', () => {
    for (const f of corpusFiles()) {
      assertSameRuns(f.text, f.name);
      // With a quote opened in the middle, the scan reads on from there.
      const middle = f.text.indexOf(': ', f.text.length >> 1);
      if (middle > 0) assertSameRuns(`${f.text.slice(0, middle + 2)}"${f.text.slice(middle + 2)}`, `${f.name} with a quote opened`);
    }
    for (const text of [generateConfig(50, 2), generateConfig(50, 2).replace(/\n/g, '\r\n')]) {
      assertSameRuns(text, 'a generated config');
      assertSameRuns(text.replace('body_size_limit: ', 'body_size_limit: ['), 'a generated config with a bracket opened');
    }
  });

  it('finds the runs of a scan of every line on random texts', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }), (pieces) => assertSameRuns(pieces.join(''), 'a random text')),
      { numRuns: 5000 },
    );
  });
});
