/**
 * diagnosticsJson, the server's stdio path, must write exactly the JSON of the diagnostics toDiagnostics builds
 * (without data): on real and generated configs, with severity overrides, and with findings the rules rarely
 * give (related spans, tags, long and non-ASCII messages, spans past the end). One cache is shared throughout,
 * as the server shares it across versions and settings.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateConfig } from '../../bench/generate';
import { parseConfig, runRules } from '../../server/src/service';
import { DIAGNOSTIC_JSON_CACHE_CHARS, DiagnosticJsonCache, diagnosticsJson, toDiagnostics } from '../../server/src/service/diagnostics';
import { LineIndex } from '../../server/src/service/ranges';
import { sanitizeSettings, type Settings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';
import { corpusFiles, REPO } from './corpusFiles';

const URI = 'file:///project/prometheus.yml';
const DOCS = 'file:///ext/docs/rules/';

function same(findings: readonly Finding[], lines: LineIndex, settings: Settings, cache: DiagnosticJsonCache, docs: string | undefined = DOCS): string {
  const expected = JSON.stringify(toDiagnostics(findings, lines, URI, settings, docs, { withData: false }));
  const actual = diagnosticsJson(findings, lines, URI, settings, docs, cache);
  assert.equal(actual, expected);
  return actual;
}

describe('diagnosticsJson', () => {
  const cache = new DiagnosticJsonCache();
  const defaults = sanitizeSettings({});

  it('equals the serialised diagnostics on the example, every corpus file and a generated config', () => {
    const texts = [
      fs.readFileSync(path.join(REPO, 'examples', 'federation.yml'), 'utf8'),
      ...corpusFiles().map((f) => f.text),
      generateConfig(200),
    ];
    let diagnostics = 0;
    for (const text of texts) {
      for (const settings of [defaults, sanitizeSettings({ prometheusVersion: '2' })]) {
        const parsed = parseConfig(text);
        const json = same(runRules(parsed, settings), parsed.model.document.lines, settings, cache);
        diagnostics += (JSON.parse(json) as unknown[]).length;
      }
    }
    assert.ok(diagnostics > 500, `only ${diagnostics} diagnostics: the comparison saw too little`);
  });

  it('follows severity overrides and a changed docs link with the same cache', () => {
    const parsed = parseConfig(generateConfig(20));
    const findings = runRules(parsed, defaults);
    const codes = [...new Set(findings.map((f) => f.code))];
    assert.ok(codes.length >= 2, 'the generated config gives at least two codes');
    const lines = parsed.model.document.lines;
    const before = same(findings, lines, defaults, cache);
    const off = sanitizeSettings({ rules: { [codes[0]]: 'off', [codes[1]]: 'error' } });
    const after = same(findings, lines, off, cache);
    assert.notEqual(after, before);
    assert.ok(!after.includes(`"code":"${codes[0]}"`), 'a rule turned off is left out');
    same(findings, lines, defaults, cache, undefined);
    assert.equal(same(findings, lines, defaults, cache), before, 'back to the first settings, the same text');
  });

  it('writes related spans, tags, non-ASCII and clipped messages, and spans at or past the end', () => {
    const text = 'scrape_configs:\r\n  - job_name: "é"\n\r  - job_name: x';
    const lines = new LineIndex(text);
    const findings: Finding[] = [
      { code: 'duplicate-job-name', start: 20, end: 25, message: 'a "quoted" \\ name\twith é, 😀 and a lone \ud800 surrogate', related: [{ start: 40, end: 41, message: 'the other one' }] },
      { code: 'deprecated-bearer-token', start: 3, end: 3, message: 'deprecated', tags: ['deprecated', 'unnecessary'] },
      { code: 'federate-staleness', start: text.length, end: text.length + 10, message: 'x'.repeat(50_000) },
      { code: 'not-a-registered-code', start: 0, end: 1, message: 'unknown codes count as errors' },
    ];
    same(findings, lines, defaults, cache);
    same(findings, lines, defaults, cache);
    same([], lines, defaults, cache);
  });

  it('stays exact when more distinct messages than the cache keeps arrive', () => {
    const text = 'scrape_configs: []\n';
    const lines = new LineIndex(text);
    // Over DIAGNOSTIC_JSON_CACHE_CHARS of JSON: the cache empties itself on the way.
    const long = 'm'.repeat(500);
    const many: Finding[] = Array.from({ length: Math.ceil(DIAGNOSTIC_JSON_CACHE_CHARS / 500) + 1_000 }, (_, i) => ({ code: 'duplicate-job-name', start: i % 10, end: (i % 10) + 3, message: `${long} ${i}` }));
    same(many, lines, defaults, cache);
    same(many.slice(0, 100), lines, defaults, cache);
  });
});
