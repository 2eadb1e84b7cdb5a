/**
 * Hostile and broken input through the real language service: each row gets a clear answer (the codes listed),
 * never an exception or a hang, and every range lies inside the document. The CLI's check (checkOnce) gives the
 * same answer on every row.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRandom, generateConfig } from '../../bench/generate';
import { main } from '../../server/src/cli';
import { checkOnce, parseConfig, runRules } from '../../server/src/service';
import { toDiagnostics } from '../../server/src/service/diagnostics';
import { MAX_DOCUMENT_CHARS, MAX_LINE_CHARS, MAX_NESTING } from '../../server/src/service/limits';
import { sanitizeSettings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';

const SETTINGS = sanitizeSettings({});

function check(text: string): Finding[] {
  const errors: string[] = [];
  const parsed = parseConfig(text);
  const found = runRules(parsed, SETTINGS, (m) => errors.push(m));
  assert.deepEqual(errors, [], 'a rule threw');
  for (const f of found) assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.code} ${f.start}-${f.end} outside 0-${text.length}`);
  const lines = parsed.model.document.lines;
  for (const d of toDiagnostics(found, lines, 'file:///x.yml', SETTINGS)) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.lineCount, `line ${p.line} of ${lines.lineCount}`);
      assert.ok(p.character >= 0 && p.character <= lines.lineEnd(p.line) - lines.lineStart(p.line), `character ${p.character} past the end of line ${p.line}`);
    }
    assert.ok(d.message.length <= 1000, 'messages are clipped');
  }
  const cliErrors: string[] = [];
  assert.deepEqual(checkOnce(text, SETTINGS, (m) => cliErrors.push(m)).findings, found, "the CLI's check differs");
  assert.deepEqual(cliErrors, [], 'a rule threw in the CLI check');
  return found;
}

const codes = (fs: readonly Finding[]) => fs.map((f) => f.code);

function billionLaughs(levels: number, width: number): string {
  let s = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < levels; i++) s += `a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]\n`;
  return `${s}scrape_configs: *a${levels - 1}\n`;
}

function mergeBomb(levels: number): string {
  let s = 'x0: &x0 {job_name: x}\n';
  for (let i = 1; i < levels; i++) s += `x${i}: &x${i} {<<: [${Array(10).fill(`*x${i - 1}`).join(', ')}]}\n`;
  return `${s}scrape_configs:\n  - <<: *x${levels - 1}\n`;
}

function randomBytes(n: number, seed: number): string {
  let x = seed >>> 0;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += String.fromCharCode(x >>> 24);
  }
  return s;
}

/** `text` after `edits` random insertions of YAML punctuation, deterministic. */
function brokenBy(text: string, edits: number): string {
  const random = createRandom(1000);
  for (let i = 0; i < edits; i++) {
    const start = Math.floor(random() * (text.length + 1));
    const end = random() < 0.5 ? start : Math.min(text.length, start + Math.floor(random() * 8));
    text = text.slice(0, start) + ['x', ' ', '\n', ':', '- ', '"', 'job_name: a', ''][Math.floor(random() * 8)] + text.slice(end);
  }
  return text;
}

const DUPLICATE = 'scrape_configs:\n  - job_name: a\n  - job_name: a\n';

interface Row {
  readonly title: string;
  readonly text: () => string;
  /** The codes expected, in order; undefined: only that it answers (within the test's timeout). */
  readonly codes: readonly string[] | undefined;
  readonly also?: (found: Finding[], text: string) => void;
}

const ROWS: readonly Row[] = [
  { title: 'an empty file', text: () => '', codes: [] },
  { title: 'a file of only comments', text: () => '# nothing\n# here\n', codes: [] },
  { title: 'only whitespace and line breaks', text: () => '\n\r\n\r  \n', codes: [] },
  { title: 'a UTF-8 BOM', text: () => `\uFEFF${DUPLICATE}`, codes: ['duplicate-job-name'] },
  {
    title: 'a NUL byte: one error at it, nothing else',
    text: () => 'scrape_configs:\n  - job_name: a\0b\n  - job_name: a\0b\n',
    codes: ['yaml-syntax'],
    also: (f, t) => assert.equal(f[0].start, t.indexOf('\0')),
  },
  { title: 'another control character: reported, and the rest still checked', text: () => `# bell \x07\n${DUPLICATE}`, codes: ['yaml-syntax', 'duplicate-job-name'] },
  { title: 'a lone surrogate (what invalid UTF-16 looks like)', text: () => `# \uD800\n${DUPLICATE}`, codes: ['yaml-syntax', 'duplicate-job-name'] },
  { title: 'invalid UTF-8, as an editor decodes it (U+FFFD)', text: () => `# \uFFFD\uFFFD\n${DUPLICATE}`, codes: ['duplicate-job-name'] },
  { title: 'random binary data', text: () => `scrape_configs:\n${randomBytes(200_000, 7)}`, codes: ['yaml-syntax'] },
  { title: 'several documents: the first is the config', text: () => `${DUPLICATE}---\nfoo: [\n---\n`, codes: ['duplicate-job-name', 'yaml-syntax'] },
  { title: 'a document separator only', text: () => '---\n', codes: [] },
  { title: '10 000 nested flow sequences', text: () => `scrape_configs: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, codes: ['input-limit'] },
  { title: '10 000 nested flow mappings', text: () => `a: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, codes: ['input-limit'] },
  { title: '10 000 nested block sequences on one line', text: () => `scrape_configs:\n${'- '.repeat(10_000)}x\n`, codes: ['input-limit'] },
  {
    title: 'block mappings nested past the limit',
    text: () => Array.from({ length: MAX_NESTING + 5 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n',
    codes: ['input-limit'],
  },
  { title: 'nesting at the limit is analysed', text: () => Array.from({ length: MAX_NESTING - 1 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n', codes: ['unknown-key'] },
  { title: '10 000 levels of indentation (50 MB)', text: () => Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), codes: ['input-limit'] },
  { title: 'a 10 MB single line', text: () => `scrape_configs: [${'x'.repeat(10 * 1024 * 1024)}]\n`, codes: ['input-limit'] },
  {
    title: 'a line over the line limit in a small file',
    text: () => `${DUPLICATE}# ${'x'.repeat(MAX_LINE_CHARS + 1)}\n`,
    codes: ['input-limit'],
    also: (f) => assert.equal(f[0].start, DUPLICATE.length),
  },
  { title: 'a 50 MB file', text: () => `${DUPLICATE}${'# filler line\n'.repeat(Math.ceil((50 * 1024 * 1024) / 14))}`, codes: ['input-limit'] },
  { title: 'a file just under the size limit is analysed', text: () => `${DUPLICATE}${'#'.repeat(1023)}\n`.padEnd(MAX_DOCUMENT_CHARS, `${'#'.repeat(1023)}\n`), codes: ['duplicate-job-name'] },
  { title: 'billion laughs (10 levels of 10 aliases)', text: () => billionLaughs(10, 10), codes: ['alias-limit'] },
  { title: 'billion laughs through merge keys', text: () => mergeBomb(16), codes: ['alias-limit'] },
  { title: 'an alias inside its own anchor', text: () => 'scrape_configs: &a [*a]\n', codes: ['alias-limit'] },
  { title: 'a mapping that merges itself', text: () => 'scrape_configs:\n  - &j {job_name: a, <<: *j}\n', codes: ['alias-limit'] },
  {
    title: 'an alias chain deeper than the nesting limit',
    text: () => `a0: &a0 [x]\n${Array.from({ length: 200 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]\n`).join('')}`,
    codes: ['alias-limit'],
  },
  {
    title: '16 000 aliases of one job: linear, not quadratic',
    text: () => `j: &j {job_name: a}\nscrape_configs: [${Array(16_000).fill('*j').join(', ')}]\n`,
    codes: ['unknown-key', ...Array(15_999).fill('duplicate-job-name')],
  },
  {
    title: 'anchors used the ordinary way are followed',
    text: () =>
      `defaults: &defaults\n  honor_labels: true\n  scrape_interval: 1m\n  scrape_timeout: 2m\nscrape_configs:\n${Array.from({ length: 50 }, (_, i) => `  - <<: *defaults\n    job_name: j${i}\n`).join('')}`,
    codes: ['unknown-key', ...Array(50).fill('timeout-exceeds-interval')],
  },
  {
    // Quote errors were matched to their quotes by rescanning the whole file per error: 76 s for this one.
    title: 'a 1 000-job config broken by 1 000 random edits',
    text: () => brokenBy(generateConfig(1000), 1000),
    codes: undefined,
    also: (f) => assert.ok(f.filter((x) => x.code === 'yaml-syntax').length > 1000),
  },
  {
    // Each outdented item's echo lines were walked to the end of the list: 90-117 s for 5 000 jobs.
    title: 'a 3 000-job list whose first item is indented deeper than the others: linear, not quadratic',
    text: () => generateConfig(3000).replace('\n  - job_name:', '\n    - job_name:'),
    codes: undefined,
    also: (f) => assert.equal(f.filter((x) => x.code === 'misindented-item').length, 2999),
  },
  { title: 'an unknown alias', text: () => 'scrape_configs: *nowhere\n', codes: ['yaml-syntax'] },
  // yaml.v2 stops at the alias; promfed reads it as null and also reports the null item.
  { title: 'an alias before its anchor', text: () => 'scrape_configs: [*j, &j {job_name: a}]\n', codes: ['invalid-value', 'yaml-syntax'] },
];

describe('hostile input', () => {
  for (const row of ROWS) {
    it(row.title, function () {
      this.timeout(20_000);
      const text = row.text();
      const found = check(text);
      if (row.codes) assert.deepEqual(codes(found), row.codes);
      row.also?.(found, text);
    });
  }

  describe('line endings keep every range where it belongs', () => {
    const lf = 'global:\n  scrape_interval: 1m\n\tscrape_timeout: 2m\nscrape_configs:\n  - job_name: a\n    bogus: 1\n  - job_name: a\n    scrape_interval: 1x\n';
    const where = (text: string) => {
      const parsed = parseConfig(text);
      return toDiagnostics(runRules(parsed, SETTINGS), parsed.model.document.lines, 'file:///x.yml', SETTINGS).map((d) => `${d.code}@${JSON.stringify(d.range)}`);
    };
    const expected = where(lf);
    it('has findings to compare', () => assert.ok(expected.length >= 3, expected.join('\n')));
    for (const [name, eol] of [
      ['CRLF', '\r\n'],
      ['lone CR', '\r'],
    ]) {
      it(name, () => assert.deepEqual(where(lf.replace(/\n/g, eol)), expected));
    }
    it('mixed LF, CRLF and CR', () => {
      let i = 0;
      assert.deepEqual(where(lf.replace(/\n/g, () => ['\n', '\r\n', '\r'][i++ % 3])), expected);
    });
    it('a BOM moves only the first line', () => {
      const shifted = expected.map((s) => s.replace(/"line":0,"character":(\d+)/g, (_, c) => `"line":0,"character":${Number(c) + 1}`));
      assert.deepEqual(where(`\uFEFF${lf}`), shifted);
    });
  });
});

describe('hostile input to the CLI', () => {
  const run = (...files: string[]) => {
    let out = '';
    let err = '';
    const code = main(['check', '--format', 'json', ...files], (s) => (out += s), (s) => (err += s));
    return { code, results: JSON.parse(out) as { code: string; line: number; column: number }[], err };
  };
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-cli-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports bytes that are not UTF-8 where they are, and checks the rest', () => {
    const file = path.join(dir, 'latin1.yml');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('scrape_configs:\n  - job_name: caf'), Buffer.from([0xe9]), Buffer.from('\n  - job_name: a\n  - job_name: a\n')]));
    const { code, results } = run(file);
    assert.equal(code, 1);
    assert.deepEqual(results.map((r) => `${r.code}@${r.line}:${r.column}`), ['yaml-syntax@2:18', 'duplicate-job-name@4:15']);
  });

  it('stops reading an endless file at the size limit', function () {
    if (!fs.existsSync('/dev/zero')) this.skip();
    const { code, results } = run('/dev/zero');
    assert.equal(code, 0);
    assert.deepEqual(results.map((r) => r.code), ['input-limit']);
  });

  it('says a directory cannot be read, and goes on with the next file', () => {
    const file = path.join(dir, 'ok.yml');
    fs.writeFileSync(file, 'scrape_configs:\n  - job_name: a\n  - job_name: a\n');
    const { code, results, err } = run(dir, file);
    assert.equal(code, 2);
    assert.match(err, /cannot read/);
    assert.deepEqual(results.map((r) => r.code), ['duplicate-job-name']);
  });
});
