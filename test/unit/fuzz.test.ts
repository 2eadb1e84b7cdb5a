/**
 * Property test: random byte, line and token edits of the real corpus configs, each run through the whole
 * language service in-process. For every case: no exception escapes and no rule throws, every diagnostic range
 * lies inside the document, the case finishes within a bound, hovers and completions answer, and every code
 * action's edits apply cleanly (and leave a document that parsed still parsing).
 *
 * Seeded and reproducible: PROMFED_FUZZ_SEED and PROMFED_FUZZ_RUNS override the defaults; a failure prints the
 * seed and the shrunk counterexample.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import type { CodeAction, Diagnostic, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { parseConfig, runRules, type ParsedConfig } from '../../server/src/service';
import { DiagnosticJsonCache, diagnosticsJson, toDiagnostics } from '../../server/src/service/diagnostics';
import type { LineIndex } from '../../server/src/service/ranges';
import { sanitizeSettings, type Settings } from '../../server/src/service/settings';
import { corpusFiles } from './corpusFiles';

const SEED = Number(process.env.PROMFED_FUZZ_SEED ?? 20_261_121);
const RUNS = Number(process.env.PROMFED_FUZZ_RUNS ?? 10_000);
/** Per case: parse, rules, diagnostics, hovers, completions and code actions. Typical cases take milliseconds. */
const CASE_BOUND_MS = Number(process.env.PROMFED_FUZZ_CASE_MS ?? 2_000);

const SERVICE = path.resolve(__dirname, '..', '..', 'server', 'src', 'service');

/** A service module another branch may not have delivered yet: undefined (with a note) when it is absent. */
function optional<T>(module: string, name: string): T | undefined {
  try {
    const exported = (require(path.join(SERVICE, module)) as Record<string, unknown>)[name];
    if (typeof exported === 'function') return exported as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
  }
  console.log(`      note: service/${module} has no ${name}(); that sub-check is skipped`);
  return undefined;
}

type HoverAt = (model: ParsedConfig['model'], offset: number, version: Settings['prometheusVersion']) => unknown;
type CompleteAt = HoverAt;
type CodeActions = (parsed: ParsedConfig, uri: string, range: Range, diagnostics: readonly Diagnostic[], settings: Settings, options?: { only?: readonly string[] }) => CodeAction[];

const hoverAt = optional<HoverAt>('hover', 'hoverAt');
const completeAt = optional<CompleteAt>('completion', 'completeAt');
const codeActions = optional<CodeActions>('actions/index', 'codeActions');

const ALL_ACTION_KINDS = ['quickfix', 'refactor', 'source.fixAll.promfed'];
const PARSE_CODES = new Set(['yaml-syntax', 'yaml-tab', 'misindented-item']);

/** What YAML and Prometheus configs are made of, and what breaks them. */
const TOKENS = [
  ' ', '  ', '\t', '\n', '\r\n', '\r', '- ', ': ', ':', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>-', '?', '!', '!!str ', '%YAML 1.1\n',
  '&a ', '*a', '<<: *a', '&b [*a, *a]', '---\n', '...\n', '\0', '\x07', '\uFEFF', '\uD800', '\u2028', '😀', '\\', '\\"',
  'job_name: x', 'job_name: federate', '- job_name: federate\n', 'metrics_path: /federate', 'honor_labels: true', "'match[]':", 'match[]:',
  "- '{__name__=~\"job:.*\"}'", '- {job="a"}', "- 'up{'", '"{__name__=~\\".+\\"}"', 'params:', 'static_configs:', "targets: ['h:9090']",
  'scrape_interval: 1x', 'scrape_timeout: 2m', 'scrape_interval: 5m', 'basic_auth:', 'password: p', 'bearer_token: t', 'authorization:',
  'tls_config:', 'relabel_configs:', 'scrape_configs:', 'global:', 'null', '~', '0x1F', '1e999', '-1', 'yes', '€',
];

type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'duplicateLine' | 'deleteLine' | 'indentLine' | 'outdentLine' | 'tabIndentLine'; line: number }
  | { kind: 'swapLines'; line: number; other: number }
  | { kind: 'truncate'; at: number };

const position = fc.nat({ max: 1_000_000 });
const snippet = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme-ascii', maxLength: 12 }));

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: snippet }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: position, text: snippet }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('duplicateLine' as const, 'deleteLine' as const, 'indentLine' as const, 'outdentLine' as const, 'tabIndentLine' as const), line: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), line: position, other: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
);

function applyMutation(text: string, e: Edit): string {
  if ('at' in e) {
    const at = e.at % (text.length + 1);
    switch (e.kind) {
      case 'insert':
        return text.slice(0, at) + e.text + text.slice(at);
      case 'delete':
        return text.slice(0, at) + text.slice(at + e.length);
      case 'replace':
        return text.slice(0, at) + e.text + text.slice(at + e.text.length);
      case 'truncate':
        return text.slice(0, at);
    }
  }
  const lines = text.split('\n');
  const i = e.line % lines.length;
  switch (e.kind) {
    case 'duplicateLine':
      lines.splice(i, 0, lines[i]);
      break;
    case 'deleteLine':
      lines.splice(i, 1);
      break;
    case 'indentLine':
      lines[i] = `  ${lines[i]}`;
      break;
    case 'outdentLine':
      lines[i] = lines[i].replace(/^ {1,2}/, '');
      break;
    case 'tabIndentLine':
      lines[i] = lines[i].replace(/^ +/, '\t');
      break;
    case 'swapLines': {
      const j = e.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    }
  }
  return lines.join('\n');
}

function assertInside(lines: LineIndex, p: Position, what: string): void {
  assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} of ${lines.lineCount}`);
  const length = lines.lineEnd(p.line) - lines.lineStart(p.line);
  assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= length, `${what}: character ${p.character} of a line of ${length}`);
}

function assertRange(lines: LineIndex, r: Range, what: string): void {
  assertInside(lines, r.start, what);
  assertInside(lines, r.end, what);
  assert.ok(lines.offsetAt(r.start) <= lines.offsetAt(r.end), `${what}: range ends before it starts`);
}

/** Applies one action's edits as an editor would; fails on edits outside the document or overlapping. */
function applyAction(text: string, lines: LineIndex, uri: string, action: CodeAction): string | undefined {
  const changes = action.edit?.changes ?? {};
  const documentChanges = (action.edit?.documentChanges ?? []) as { textDocument?: { uri: string }; edits?: TextEdit[] }[];
  const edits: TextEdit[] = [...(changes[uri] ?? []), ...documentChanges.filter((c) => c.textDocument?.uri === uri).flatMap((c) => c.edits ?? [])];
  for (const other of Object.keys(changes)) assert.equal(other, uri, `"${action.title}" edits another document`);
  if (edits.length === 0) return undefined;
  const offsets = edits.map((e) => {
    assertRange(lines, e.range, `edit of "${action.title}"`);
    return { start: lines.offsetAt(e.range.start), end: lines.offsetAt(e.range.end), newText: e.newText };
  });
  offsets.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let k = 1; k < offsets.length; k++) {
    assert.ok(offsets[k].start >= offsets[k - 1].end, `"${action.title}" has overlapping edits`);
  }
  let out = '';
  let at = 0;
  for (const e of offsets) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

interface Case {
  readonly file: number;
  readonly edits: readonly Edit[];
  readonly version: '2' | '3';
  readonly probes: readonly number[];
}

/** Shared by every case, as the server shares it across versions. */
const JSON_CACHE = new DiagnosticJsonCache();

function runCase(files: readonly { name: string; text: string }[], c: Case): void {
  const source = files[c.file % files.length];
  const text = c.edits.reduce(applyMutation, source.text);
  const settings = sanitizeSettings({ prometheusVersion: c.version });
  const uri = `file:///fuzz/${source.name}`;
  const started = performance.now();
  const errors: string[] = [];
  const parsed = parseConfig(text);
  const lines = parsed.model.document.lines;
  const findings = runRules(parsed, settings, (m) => errors.push(m));
  assert.deepEqual(errors, [], 'a rule threw');
  const diagnostics = toDiagnostics(findings, lines, uri, settings, 'file:///docs');
  // The server's stdio path writes the same diagnostics straight to JSON: it must say exactly the same.
  const expectedJson = JSON.stringify(toDiagnostics(findings, lines, uri, settings, 'file:///docs', { withData: false }));
  assert.equal(diagnosticsJson(findings, lines, uri, settings, 'file:///docs', JSON_CACHE), expectedJson, 'diagnosticsJson differs from the serialised diagnostics');
  for (const d of diagnostics) {
    assertRange(lines, d.range, `diagnostic ${d.code}`);
    for (const r of d.relatedInformation ?? []) assertRange(lines, r.location.range, `related information of ${d.code}`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0, `${d.code} has no message`);
  }
  for (const probe of c.probes) {
    const offset = probe % (text.length + 1);
    hoverAt?.(parsed.model, offset, settings.prometheusVersion);
    completeAt?.(parsed.model, offset, settings.prometheusVersion);
  }
  if (codeActions) {
    const parsedBefore = !findings.some((f) => PARSE_CODES.has(f.code));
    const whole = lines.range(0, text.length);
    const probeRange = lines.range(c.probes[0] % (text.length + 1), c.probes[0] % (text.length + 1));
    const actions = [...codeActions(parsed, uri, whole, diagnostics, settings, { only: ALL_ACTION_KINDS }), ...codeActions(parsed, uri, probeRange, [], settings, { only: ALL_ACTION_KINDS })];
    for (const action of actions) {
      const after = applyAction(text, lines, uri, action);
      if (after === undefined || !parsedBefore) continue;
      const broken = runRules(parseConfig(after), settings).filter((f) => PARSE_CODES.has(f.code));
      assert.deepEqual(broken.map((f) => `${f.code}: ${f.message}`), [], `"${action.title}" turned a document that parsed into one that does not:\n${after}`);
    }
  }
  const elapsed = performance.now() - started;
  assert.ok(elapsed < CASE_BOUND_MS, `case took ${Math.round(elapsed)} ms (bound ${CASE_BOUND_MS} ms)`);
}

describe('fuzz: mutated corpus configs through the whole service', function () {
  this.timeout(600_000);

  it(`${RUNS} seeded cases (seed ${SEED})`, () => {
    const files = corpusFiles();
    const arbitrary = fc.record({
      file: fc.nat({ max: files.length - 1 }),
      edits: fc.array(edit, { minLength: 1, maxLength: 5 }),
      version: fc.constantFrom('2' as const, '3' as const),
      probes: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 3 }),
    });
    const started = Date.now();
    try {
      fc.assert(
        fc.property(arbitrary, (c) => runCase(files, c)),
        { seed: SEED, numRuns: RUNS },
      );
    } catch (error) {
      // fast-check's report carries the seed and path too; this line is for a quick copy-paste.
      console.log(`      fuzz failed: rerun with PROMFED_FUZZ_SEED=${SEED} PROMFED_FUZZ_RUNS=${RUNS}`);
      throw error;
    }
    console.log(`      ${RUNS} cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
