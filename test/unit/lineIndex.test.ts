/**
 * LineIndex's line starts against a reference that splits on the line breaks LSP knows (`\r\n`, `\n`, a lone `\r`),
 * for texts with and without CRs (a text without takes the indexOf path).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasLoneCr, LineIndex } from '../../server/src/service/ranges';

function referenceStarts(text: string): number[] {
  const starts = [0];
  const breaks = /\r\n|\r|\n/g;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

function startsOf(index: LineIndex): number[] {
  const out: number[] = [];
  for (let l = 0; l < index.lineCount; l++) out.push(index.lineStart(l));
  return out;
}

describe('LineIndex', () => {
  const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\n\n', '\r', '\r\n', 'é', '😀');

  it('finds the line starts the reference finds, with and without CRs', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.boolean(), (pieces, withCr) => {
        const text = (withCr ? pieces : pieces.filter((p) => !p.includes('\r'))).join('');
        assert.deepEqual(startsOf(new LineIndex(text)), referenceStarts(text), JSON.stringify(text));
      }),
      { seed: 20_261_121, numRuns: 3_000 },
    );
  });

  it('counts the empty line after a final line break', () => {
    assert.deepEqual(startsOf(new LineIndex('a\nb\n')), [0, 2, 4]);
    assert.deepEqual(startsOf(new LineIndex('')), [0]);
  });

  it('finds a CR that no LF follows where a look-ahead regex does', () => {
    let lone = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join('');
        const expected = /\r(?!\n)/.test(text);
        if (expected) lone++;
        assert.equal(hasLoneCr(text), expected, JSON.stringify(text));
      }),
      { seed: 20_261_122, numRuns: 2_000 },
    );
    assert.ok(lone > 200 && lone < 1_800, `${lone} of 2 000 texts with a lone CR`);
    assert.equal(hasLoneCr('a\r'), true, 'a CR at the end');
  });
});
