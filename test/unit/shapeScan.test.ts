/**
 * The input guard's shape scan (limits.ts) keeps the pieces of the previous version and re-scans only what
 * changed. Here every version of random edit sequences is checked with the kept pieces and without them:
 * the findings (line-length and nesting limits, with their offsets) must be the same.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateConfig } from '../../bench/generate';
import { checkInput, createShapeCache, MAX_NESTING } from '../../server/src/service/limits';

function nested(levels: number): string {
  let out = 'scrape_configs:\n';
  for (let l = 0; l < levels; l++) out += `${'  '.repeat(l + 1)}k${l}:\n`;
  return out;
}

const PIECES = [
  'x', ' ', '\n', '- ', '  - ', '#', ' # c', '"', "'", '[', ']', '{', '}', ', ', ': ',
  '\n  - job_name: j\n    static_configs: [{targets: [[[a]]]}]\n',
  '\n' + '[' .repeat(60),
  '\n' + ']'.repeat(60),
  '\n' + nested(MAX_NESTING - 3).slice('scrape_configs:\n'.length),
  '\nkey: ' + 'v'.repeat(40),
  '\u0001', '\uD83D', '\uDE00', '\uD83D\uDE00', '\r\n', '\t',
];

describe('input guard: the piecewise checks equal a whole check', function () {
  this.timeout(60_000);
  const bases = [generateConfig(12, 3), nested(MAX_NESTING - 2), nested(MAX_NESTING + 5), 'a: [' + '{b: ['.repeat(30) + '\n'];

  it('finds the nesting limit where the whole scan finds it', () => {
    const cache = createShapeCache();
    const deep = nested(MAX_NESTING + 5);
    const found = checkInput(deep, cache);
    assert.deepEqual(found, checkInput(deep));
    assert.equal(found.skip, true);
    assert.equal(found.findings[0].data?.kind, 'nesting');
    assert.equal(cache.text, undefined, 'a scan that stopped early is not kept');
  });

  it('re-scans only the pieces an edit touched', () => {
    const cache = createShapeCache();
    const text = generateConfig(200);
    checkInput(text, cache);
    const before = cache.pieces.slice();
    assert.ok(before.length > 200, `expected a piece per job, got ${before.length}`);
    const at = text.indexOf('job_name: ', text.length >> 1) + 'job_name: '.length;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    assert.deepEqual(checkInput(edited, cache), checkInput(edited));
    const fresh = cache.pieces.filter((p, i) => p !== before[i]);
    assert.equal(cache.pieces.length, before.length);
    assert.equal(fresh.length, 1, 'one piece scanned again');
  });

  it('matches after every edit of 500 random edit sequences', () => {
    fc.assert(
      fc.property(
        fc.nat(bases.length - 1),
        fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(40), insert: fc.constantFrom(...PIECES) }), { minLength: 1, maxLength: 8 }),
        (base, edits) => {
          let text = bases[base];
          const cache = createShapeCache();
          assert.deepEqual(checkInput(text, cache), checkInput(text));
          for (const e of edits) {
            const at = Math.floor(e.at * text.length);
            text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
            assert.deepEqual(checkInput(text, cache), checkInput(text), JSON.stringify(text));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
