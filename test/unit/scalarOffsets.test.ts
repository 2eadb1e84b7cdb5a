import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseDocument, isScalar, type Scalar } from 'yaml';
import { mapScalarSource, scalarOffsetMapper, scalarSpan, type ScalarSourceMap } from '../../server/src/service/scalarOffsets';
import { roundTrip, STYLES, type YamlStyle } from './yamlStyles';

function firstValue(text: string): Scalar {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const node = doc.get('a', true);
  if (!isScalar(node)) throw new Error('no scalar');
  return node;
}

/** What the source of each decoded character says, so a row can be read at a glance. */
function pieces(text: string, map: ScalarSourceMap): string[] {
  return map.starts.map((s, i) => text.slice(s, map.ends[i]));
}

/**
 * The decode check: the source span of value[i] must spell value[i] — as itself, as an escape, as `''`, or
 * as a folded line break (only blanks and at least one line break).
 */
function checkDecoded(text: string, node: Scalar, map: ScalarSourceMap): void {
  const value = map.value;
  const [from, to] = [node.range![0], node.range![1]];
  let prev = -1;
  for (let i = 0; i < value.length; i++) {
    const s = map.starts[i];
    const e = map.ends[i];
    assert.ok(from <= s && s < e && e <= to, `value[${i}] maps inside the scalar: ${s}-${e} in ${from}-${to}`);
    assert.ok(s >= prev, 'starts never go back');
    prev = s;
    const src = text.slice(s, e);
    const ch = value[i];
    if (src === ch) continue;
    if (src === "''") {
      assert.equal(ch, "'");
    } else if (src.startsWith('\\')) {
      // A double-quoted escape: YAML decodes it to this character (or to the pair it belongs to).
      const decoded = parseDocument(`"${src}"`).contents as Scalar;
      assert.ok(String(decoded.value).includes(ch), `${JSON.stringify(src)} spells ${JSON.stringify(ch)}`);
    } else {
      assert.match(src, /^[ \t]*(\r?\n[ \t]*)+$/, `folded break ${JSON.stringify(src)} for ${JSON.stringify(ch)}`);
      assert.ok(ch === ' ' || ch === '\n', `a fold gives a space or a newline, not ${JSON.stringify(ch)}`);
    }
  }
}

describe('scalarOffsets: every YAML scalar style', () => {
  const rows: { title: string; text: string; value: string; pieces: string[] }[] = [
    { title: 'plain', text: 'a: up[5m]\n', value: 'up[5m]', pieces: ['u', 'p', '[', '5', 'm', ']'] },
    { title: 'plain, folded over lines', text: 'a: a\n  b  \n\n  c\n', value: 'a b\nc', pieces: ['a', '\n  ', 'b', '  \n\n  ', 'c'] },
    { title: 'single-quoted with a quote', text: "a: 'it''s'\n", value: "it's", pieces: ['i', 't', "''", 's'] },
    { title: 'single-quoted, folded', text: "a: 'x\n   y'\n", value: 'x y', pieces: ['x', '\n   ', 'y'] },
    { title: 'double-quoted escapes', text: 'a: "\\"\\\\\\x41\\u00e9"\n', value: '"\\Aé', pieces: ['\\"', '\\\\', '\\x41', '\\u00e9'] },
    { title: 'double-quoted, escaped line break', text: 'a: "ab\\\n    cd"\n', value: 'abcd', pieces: ['a', 'b', 'c', 'd'] },
    { title: 'double-quoted, folded', text: 'a: "ab  \n  cd"\n', value: 'ab cd', pieces: ['a', 'b', '\n  ', 'c', 'd'] },
    { title: 'double-quoted astral escape', text: 'a: "\\U0001F600"\n', value: '😀', pieces: ['\\U0001F600', '\\U0001F600'] },
    { title: 'literal block, clipped', text: 'a: |\n  x\n   y\n', value: 'x\n y\n', pieces: ['x', '\n  ', ' ', 'y', '\n'] },
    { title: 'literal block, stripped', text: 'a: |-\n  {job="x"}\n', value: '{job="x"}', pieces: [...'{job="x"}'] },
    { title: 'literal block, indentation indicator and keep', text: 'a: |1+\n   x\n\n', value: '  x\n\n', pieces: [' ', ' ', 'x', '\n', '\n'] },
    { title: 'folded block', text: 'a: >-\n  up{job=\n  "x"}\n', value: 'up{job= "x"}', pieces: ['u', 'p', '{', 'j', 'o', 'b', '=', '\n  ', '"', 'x', '"', '}'] },
    { title: 'folded block with an empty line', text: 'a: >\n  a\n\n  b\n', value: 'a\nb\n', pieces: ['a', '\n\n  ', 'b', '\n'] },
    { title: 'CRLF line breaks', text: "a: 'x\r\n   y'\r\n", value: 'x y', pieces: ['x', '\r\n   ', 'y'] },
  ];
  for (const row of rows) {
    it(row.title, () => {
      const node = firstValue(row.text);
      const map = mapScalarSource(node);
      assert.ok(map, 'maps');
      assert.equal(map.value, row.value);
      assert.deepEqual(pieces(row.text, map), row.pieces);
      checkDecoded(row.text, node, map);
    });
  }

  it('maps offsets and spans, including the end of the value', () => {
    const text = 'a: "x\\x41y"\n';
    const node = firstValue(text);
    const at = scalarOffsetMapper(node);
    assert.deepEqual([0, 1, 2, 3].map(at), [4, 5, 9, 10]);
    assert.deepEqual(scalarSpan(node, 1, 2), { start: 5, end: 9 });
    assert.deepEqual(scalarSpan(node, 1, 3), { start: 5, end: 10 });
    assert.deepEqual(scalarSpan(node, 3, 3), { start: 10, end: 10 });
  });

  it('maps an empty quoted value inside its quotes', () => {
    const node = firstValue('a: ""\n');
    assert.deepEqual(scalarSpan(node, 0, 0), { start: 4, end: 4 });
    assert.equal(scalarOffsetMapper(node)(0), 4);
  });

  it('falls back to the whole scalar without source tokens', () => {
    const node = parseDocument('a: "x\\x41"\n').get('a', true) as Scalar;
    assert.equal(mapScalarSource(node), undefined);
    assert.deepEqual(scalarSpan(node, 1, 2), { start: 3, end: 10 });
  });
});

describe('scalarOffsets: property, random selectors through every quoting style', () => {
  // Characters selectors are made of, plus what makes quoting hard.
  const unit = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...'upjob_:{}[]()=!~,"\'`\\.*+?|^$ 5m#@-') },
    { weight: 2, arbitrary: fc.constantFrom(' ', ' ', '\t', '\n') },
    { weight: 1, arbitrary: fc.constantFrom('é', '→', '😀', '\u00a0', 'Ω') },
    { weight: 1, arbitrary: fc.constantFrom('\x07', '\x1b') },
  );
  const selector = fc.string({ unit, minLength: 0, maxLength: 40 });

  it('maps every decoded character back to source that spells it', () => {
    const used = Object.fromEntries(STYLES.map((s) => [s, 0])) as Record<YamlStyle, number>;
    fc.assert(
      fc.property(selector, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (s, fold) => {
        for (const style of STYLES) {
          const parsed = roundTrip(s, style, fold);
          if (!parsed) {
            // Double quotes can hold anything: the generator must never fail there.
            assert.ok(style !== 'double-escaped', `double-quoted ${JSON.stringify(s)} must round-trip`);
            continue;
          }
          used[style]++;
          const map = mapScalarSource(parsed.node);
          assert.ok(map, `${style} maps ${JSON.stringify(s)}`);
          checkDecoded(parsed.text, parsed.node, map);
        }
      }),
      { numRuns: 400, seed: 20260501 },
    );
    for (const style of STYLES) assert.ok(used[style] > 40, `${style} exercised only ${used[style]} times`);
  });
});

describe('scalarOffsets: the offset mapper agrees with the source map', () => {
  const unit = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...'upjob_:{}=!~,"\'\\.*+ 5m#-') },
    { weight: 1, arbitrary: fc.constantFrom('\n', '\t', 'é', '😀') },
  );
  const selector = fc.string({ unit, minLength: 0, maxLength: 30 });

  it('maps each offset, before and past the value included, as the full map does', () => {
    fc.assert(
      fc.property(selector, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (s, fold) => {
        for (const style of STYLES) {
          const parsed = roundTrip(s, style, fold);
          if (!parsed) continue;
          const map = mapScalarSource(parsed.node);
          assert.ok(map);
          const n = map.starts.length;
          const at = scalarOffsetMapper(parsed.node);
          for (let i = -1; i <= n + 1; i++) {
            const want: number = i <= 0 ? (n ? map.starts[0] : map.contentStart) : i >= n ? map.contentEnd : map.starts[i];
            assert.equal(at(i), want, `${style} ${JSON.stringify(s)} offset ${i}`);
          }
        }
      }),
      { numRuns: 300, seed: 20260502 },
    );
  });
});
