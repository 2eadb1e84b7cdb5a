/**
 * The input guard's shape scan (limits.ts) keeps the pieces of the previous version and re-scans only what
 * changed. Here every version of random edit sequences is checked with the kept pieces and without them:
 * the findings (line-length and nesting limits, with their offsets) must be the same.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateConfig } from '../../bench/generate';
import { checkInput, createShapeCache, MAX_NESTING, textShape, type Shape } from '../../server/src/service/limits';
import { corpusFiles } from './corpusFiles';

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
  '\u0001', '\uD83D', '\uDE00', '\uD83D\uDE00', '\r\n', '\r', '\t',
];

/**
 * The shape scan as first written: every character read one by one, line ends included. textShape finds line
 * ends with indexOf and skips plain characters by table; it must give the same figures.
 */
function referenceShape(text: string): Shape {
  const indents: number[] = [];
  let [longest, longestAt, depth, deepAt, flow] = [0, 0, 0, 0, 0];
  const n = text.length;
  const isSpecial = (c: number) => c === 35 || c === 34 || c === 39 || c === 91 || c === 93 || c === 123 || c === 125;
  const startsToken = (c: number) => c === 32 || c === 9 || c === 91 || c === 123 || c === 44 || c === 58;
  for (let lineStart = 0; ; ) {
    let lineEnd = lineStart;
    while (lineEnd < n && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    if (lineEnd - lineStart > longest) [longest, longestAt] = [lineEnd - lineStart, lineStart];
    let i = lineStart;
    while (i < lineEnd && text[i] === ' ') i++;
    if (i < lineEnd && text[i] !== '#' && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1] >= i - lineStart) indents.pop();
      indents.push(i - lineStart);
    }
    let dashes = 0;
    while (i < lineEnd && text[i] === '-' && (i + 1 === lineEnd || text[i + 1] === ' ')) [dashes, i] = [dashes + 1, i + 2];
    const contentStart = i;
    for (; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (isSpecial(c) && c === 35 && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if (i === contentStart && indents.length + dashes + flow > depth) [depth, deepAt] = [indents.length + dashes + flow, i];
      if (!isSpecial(c)) continue;
      if ((c === 34 || c === 39) && (i === contentStart || startsToken(text.charCodeAt(i - 1)))) {
        const close = text.indexOf(text[i], i + 1);
        i = close < 0 || close >= lineEnd ? lineEnd : close;
      } else if (c === 91 || c === 123) {
        flow++;
        if (indents.length + dashes + flow > depth) [depth, deepAt] = [indents.length + dashes + flow, i];
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      if (depth > MAX_NESTING) break;
    }
    if (depth <= MAX_NESTING && indents.length + dashes > depth) [depth, deepAt] = [indents.length + dashes, lineStart];
    if (depth > MAX_NESTING) return { longest, longestAt, depth, deepAt, stopped: true };
    if (lineEnd >= n) return { longest, longestAt, depth, deepAt, stopped: false };
    lineStart = lineEnd + (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? 2 : 1);
  }
}

describe('input guard: the shape scan', function () {
  this.timeout(60_000);
  it('gives the figures of a character-by-character scan on the corpus and generated configs', () => {
    const texts = [...corpusFiles().map((f) => f.text), generateConfig(300), nested(MAX_NESTING + 5), generateConfig(50).replace(/\n/g, '\r\n')];
    for (const text of texts) assert.deepEqual(textShape(text), referenceShape(text));
  });

  it('gives the figures of a character-by-character scan on 3 000 random texts', () => {
    const alphabet = fc.constantFrom('x', ' ', '  ', '\n', '\r', '\r\n', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', ':', '\t', 'é', '\uD83D\uDE00');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }), (parts) => {
        const text = parts.join('');
        assert.deepEqual(textShape(text), referenceShape(text), JSON.stringify(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('input guard: the piecewise checks equal a whole check', function () {
  this.timeout(60_000);
  const bases = [generateConfig(12, 3), generateConfig(12, 5).replace(/\n/g, '\r\n'), nested(MAX_NESTING - 2), nested(MAX_NESTING + 5), 'a: [' + '{b: ['.repeat(30) + '\n'];

  it('finds the nesting limit where the whole scan finds it', () => {
    const cache = createShapeCache();
    const deep = nested(MAX_NESTING + 5);
    const found = checkInput(deep, cache);
    assert.deepEqual(found, checkInput(deep));
    assert.equal(found.skip, true);
    assert.equal(found.findings[0].data?.kind, 'nesting');
    assert.equal(cache.text, undefined, 'a scan that stopped early is not kept');
  });

  for (const lineBreak of ['\n', '\r\n']) {
    it(`re-scans only the pieces an edit touched, ${lineBreak === '\n' ? 'LF' : 'CRLF'}`, () => {
      const cache = createShapeCache();
      const text = generateConfig(200).replace(/\n/g, lineBreak);
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
  }

  it('scans a text with a lone CR whole, and pieces again once it is gone', () => {
    const cache = createShapeCache();
    const text = generateConfig(20).replace(/\n/g, '\r\n');
    checkInput(text, cache);
    const at = text.indexOf('\r\n', text.length >> 1) + 1;
    const lone = text.slice(0, at) + text.slice(at + 1);
    assert.deepEqual(checkInput(lone, cache), checkInput(lone));
    assert.equal(cache.text, undefined, 'no pieces kept for a text with a lone CR');
    assert.deepEqual(checkInput(text, cache), checkInput(text));
    assert.equal(cache.text, text);
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

describe('input guard: control characters', () => {
  /** yaml.v2's reader, one UTF-16 unit at a time (gopkg.in/yaml.v2 readerc.go): where the first character it refuses is. */
  function firstRefused(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        i++; // a pair: an astral character
        continue;
      }
      const allowed = c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd);
      if (!allowed) return i;
    }
    return -1;
  }

  it('reports the first character yaml.v2 refuses, and none where it refuses none', () => {
    // Mostly characters a text without control characters has, so that both answers come up often.
    const unit = fc.constantFrom('a', ' ', '\n', '\t', 'é', '\u0085', '\u00a0', '\uFFFD', '\uD83D\uDE00', '\uD83D', '\uDE00', '\u0001', '\u007f', '\u0084', '\u009f', '\uFFFE', '\uFFFF');
    let refused = 0;
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const text = units.join('');
        const at = firstRefused(text);
        const found = checkInput(text).findings.filter((f) => f.data?.yamlCode === 'CONTROL_CHARACTER');
        assert.deepEqual(
          found.map((f) => f.start),
          at < 0 ? [] : [at],
          JSON.stringify(text),
        );
        if (at >= 0) refused++;
      }),
      { numRuns: 2000, seed: 20261124 },
    );
    assert.ok(refused > 500 && refused < 1900, `${refused} of 2000 texts refused`);
  });
});
