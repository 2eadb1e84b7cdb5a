/**
 * EditSet (fix-all's taken edits, found by bisection) against the check it replaced: every taken edit compared with
 * every edit of the next fix. Random fixes whose own edits do not overlap (as in any LSP edit; inserts may share an
 * offset), offered in turn; both must take the same fixes and end with the same edits in the same order.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EditSet, editsClash } from '../../../server/src/service/actions/editSet';
import type { OffsetEdit } from '../../../server/src/service/actions/types';

const SEED = process.env.PROMFED_SEED ? Number(process.env.PROMFED_SEED) : Date.now() % 1_000_000;

/** A fix: up to three edits in a text of 60 characters, none overlapping another. */
const fixArb: fc.Arbitrary<OffsetEdit[]> = fc
  .array(fc.tuple(fc.nat(60), fc.oneof(fc.constant(0), fc.nat(6)), fc.constantFrom('', 'x', 'yz')), { minLength: 1, maxLength: 3 })
  .map((raw) => {
    const out: OffsetEdit[] = [];
    for (const [start, length, newText] of raw) {
      const e = { start, end: start + length, newText };
      if (out.every((o) => !(e.start < o.end && o.start < e.end))) out.push(e);
    }
    return out;
  });

function naive(fixes: readonly OffsetEdit[][]): { taken: boolean[]; edits: OffsetEdit[] } {
  const edits: OffsetEdit[] = [];
  const taken = fixes.map((fix) => {
    if (!fix.every((x) => edits.every((y) => !editsClash(x, y)))) return false;
    edits.push(...fix);
    return true;
  });
  return { taken, edits: edits.sort((a, b) => a.start - b.start || a.end - b.end) };
}

describe('fix-all: the taken edits found by bisection', () => {
  it('takes the fixes and gives the edits a check against every taken edit gives', () => {
    fc.assert(
      fc.property(fc.array(fixArb, { maxLength: 40 }), (fixes) => {
        const set = new EditSet();
        const taken = fixes.map((fix) => {
          if (!set.fits(fix)) return false;
          set.add(fix);
          return true;
        });
        const expected = naive(fixes);
        assert.deepEqual(taken, expected.taken);
        assert.deepEqual(set.sorted(), expected.edits);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('refuses an insert where a taken edit starts, and an edit inside one', () => {
    const set = new EditSet();
    set.add([{ start: 10, end: 20, newText: 'a' }]);
    assert.equal(set.fits([{ start: 10, end: 10, newText: 'b' }]), false);
    assert.equal(set.fits([{ start: 12, end: 13, newText: 'b' }]), false);
    assert.equal(set.fits([{ start: 20, end: 20, newText: 'b' }]), true);
    assert.equal(set.fits([{ start: 5, end: 10, newText: 'b' }]), true);
  });
});
