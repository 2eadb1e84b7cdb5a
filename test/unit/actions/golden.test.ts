/**
 * Golden files for every code action: test/fixtures/actions/<name>.yml, with the action applied, must equal
 * <name>.expected.yml byte for byte; then the real service re-validates the output. Set UPDATE_GOLDEN=1 to
 * rewrite the expected files (and review the diff).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { parseConfig } from '../../../server/src/service';
import { codeActions, splitJobCommand } from '../../../server/src/service/actions';
import { toDiagnostics } from '../../../server/src/service/diagnostics';
import { applyWorkspaceEdit, assertNoNewFindings, findingsOf, promtoolCheck, SETTINGS, URI } from './actionHelpers';
import { assertSplitFindings } from './splitInvariants';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'actions');

interface Row {
  readonly name: string;
  readonly kind: 'quickfix' | 'refactor' | 'fixAll' | 'command';
  /** The diagnostic code the action targets: a rule must report it in the fixture. */
  readonly code?: string;
  readonly title?: string;
  /** Text whose (nth) occurrence marks the diagnostic (inside its range) or the cursor. */
  readonly at?: string;
  readonly nth?: number;
  /** True when the problem is gone from the output (beyond the rule's own silence). */
  readonly gone?: (text: string) => boolean;
  /** How many findings of `code` the output still has: the fixture holds more than the one fixed. */
  readonly left?: number;
  /**
   * Codes the fix brings to light, once each: findings about a part of the file that the input's syntax error hid
   * from every rule (an outdented job is no job at all until it is indented).
   */
  readonly revealed?: readonly string[];
  readonly args?: Record<string, unknown>;
  /**
   * What promtool says about the input. 'rejects': the fix repairs something Prometheus refuses to load.
   * 'accepts': a problem only promfed sees (Prometheus loads the file and misbehaves), or a refactoring.
   * Either way promtool must accept the output.
   */
  readonly promtool?: 'rejects' | 'accepts';
}

const federationJobs = (text: string) => parseConfig(text).model.jobs.filter((j) => j.isFederation);
const honorTrue = (text: string) => federationJobs(text).every((j) => isScalar(j.get('honor_labels')?.value) && (j.get('honor_labels')!.value as { value: unknown }).value === true);
const noDuplicateKeys = (text: string) => !parseDocument(text).errors.some((e) => e.code === 'DUPLICATE_KEY');
const allSelectorsStrings = (text: string) =>
  federationJobs(text).every((j) => {
    const params = j.get('params')?.value;
    const match = isMap(params) ? params.get('match[]') : undefined;
    return isSeq(match) && match.items.every((i) => isScalar(i) && typeof i.value === 'string');
  });
const hasSelectors = (text: string) => federationJobs(text).every((j) => j.selectors.length > 0);

const ROWS: readonly Row[] = [
  // federate-honor-labels is reported on the job_name value when the key is missing, on the value when it is false.
  { name: 'honor-labels-missing', kind: 'quickfix', code: 'federate-honor-labels', title: 'Add honor_labels: true', at: '"federate-eu"', gone: honorTrue, promtool: 'accepts' },
  { name: 'honor-labels-false', kind: 'quickfix', code: 'federate-honor-labels', title: 'Set honor_labels to true', at: 'no #', gone: honorTrue, promtool: 'accepts' },
  { name: 'yaml-tab', kind: 'quickfix', code: 'yaml-tab', title: 'Replace the tab with spaces' },
  { name: 'yaml-tab-all', kind: 'quickfix', code: 'yaml-tab', title: 'Fix all tabs in file' },
  { name: 'duplicate-key-remove', kind: 'quickfix', code: 'duplicate-key', title: 'Remove this occurrence of params', at: 'params', nth: 2, gone: noDuplicateKeys },
  { name: 'duplicate-key-keep', kind: 'quickfix', code: 'duplicate-key', title: 'Keep this params, remove the other', at: 'params', nth: 2, gone: noDuplicateKeys },
  { name: 'duplicate-key-first-item', kind: 'quickfix', code: 'duplicate-key', title: 'Keep this honor_labels, remove the other', at: 'honor_labels', nth: 2, gone: noDuplicateKeys },
  { name: 'unknown-key', kind: 'quickfix', code: 'unknown-key', title: 'Change to honor_labels', at: 'honour_labels', gone: (t) => !t.includes('honour'), promtool: 'rejects' },
  { name: 'unknown-key-global', kind: 'quickfix', code: 'unknown-key', title: 'Change to scrape_interval', at: 'scrape_intreval', gone: (t) => !t.includes('intreval'), promtool: 'rejects' },
  // federate-no-match is reported on the misspelt key; /federate ignores it, promtool does not look at params.
  { name: 'match-param-quoted', kind: 'quickfix', code: 'federate-no-match', title: 'Change to match[]', at: "'matches[]'", gone: hasSelectors, promtool: 'accepts' },
  { name: 'match-param-plain', kind: 'quickfix', code: 'federate-no-match', title: 'Change to match[]', at: 'match:', gone: hasSelectors, promtool: 'accepts' },
  { name: 'quote-selector', kind: 'quickfix', code: 'invalid-type', title: 'Quote the selector', at: '{job=', nth: 2, gone: allSelectorsStrings, promtool: 'rejects' },
  // selector-redundant is reported on the regex matcher; both fixtures have a second redundant selector, left alone.
  { name: 'simplify-selector', kind: 'quickfix', code: 'selector-redundant', title: 'Simplify to ALERTS{alertstate="firing"}', at: '__name__=~"^ALERTS$"', left: 1, promtool: 'accepts' },
  { name: 'simplify-selector-double', kind: 'quickfix', code: 'selector-redundant', title: 'Simplify to {__name__=~"kube_.+"}', at: '__name__=~\\"^kube_', left: 1, promtool: 'accepts' },
  // deprecated-bearer-token is reported on the key; Prometheus 2.42 still loads bearer_token(_file).
  { name: 'bearer-token', kind: 'quickfix', code: 'deprecated-bearer-token', title: 'Use authorization.credentials instead of bearer_token', at: 'bearer_token', gone: (t) => !t.includes('bearer_token'), promtool: 'accepts' },
  { name: 'bearer-token-file', kind: 'quickfix', code: 'deprecated-bearer-token', title: 'Use authorization.credentials_file instead of bearer_token_file', at: 'bearer_token_file', gone: (t) => !t.includes('bearer_token'), promtool: 'accepts' },
  { name: 'misindented-item', kind: 'quickfix', code: 'misindented-item', title: 'Indent this job under scrape_configs', revealed: ['federate-staleness'], promtool: 'rejects' },
  { name: 'timeout-lower', kind: 'quickfix', code: 'timeout-exceeds-interval', title: 'Set scrape_timeout to 30s', promtool: 'rejects' },
  { name: 'timeout-raise-insert', kind: 'quickfix', code: 'timeout-exceeds-interval', title: 'Raise scrape_interval to 1m30s', promtool: 'rejects' },
  { name: 'timeout-raise-global', kind: 'quickfix', code: 'timeout-exceeds-interval', title: 'Raise scrape_interval to 20s', promtool: 'rejects' },
  // invalid-target is reported on the target; the URL's scheme and path move into the job.
  { name: 'invalid-target', kind: 'quickfix', code: 'invalid-target', title: 'Change to prom-eu.example.com:9443 and set scheme: https, metrics_path: /prom/federate', at: 'https://', promtool: 'rejects' },
  { name: 'duplicate-job-name', kind: 'quickfix', code: 'duplicate-job-name', title: 'Rename to federate-3', promtool: 'rejects' },
  // The outdented federate-sa is no job to the rules until fix-all indents it: then its staleness hint shows.
  { name: 'fix-all', kind: 'fixAll', revealed: ['federate-staleness'] },
  { name: 'split-block', kind: 'refactor', title: 'Split into one job per match[] selector (3 jobs)', at: 'scheme: https', promtool: 'accepts' },
  { name: 'split-flow', kind: 'refactor', title: 'Split into one job per match[] selector (3 jobs)', at: 'extra', promtool: 'accepts' },
  { name: 'split-flow-comments', kind: 'refactor', title: 'Split into one job per match[] selector (3 jobs)', at: 'static_configs', promtool: 'accepts' },
  // {__name__=~"job:.*"} selects job:http_requests:rate5m too: apart, both jobs would ingest it.
  { name: 'split-overlap', kind: 'refactor', title: 'Split into 3 jobs, one per selector (overlapping selectors stay together)', at: 'up', promtool: 'accepts' },
  { name: 'split-groups', kind: 'command', args: { jobIndex: 0, groups: 2, weights: [500, 40, 30, 1, 450] }, promtool: 'accepts' },
];

function offsetOf(text: string, at: string, nth = 1): number {
  let from = -1;
  for (let i = 0; i < nth; i++) {
    from = text.indexOf(at, from + 1);
    assert.ok(from >= 0, `"${at}" (#${nth}) not in the fixture`);
  }
  return from;
}

function diagnosticFor(text: string, row: Row): Diagnostic {
  const parsed = parseConfig(text);
  const lines = parsed.model.document.lines;
  const real = toDiagnostics(findingsOf(text), lines, URI, SETTINGS).filter((d) => d.code === row.code);
  assert.ok(real.length > 0, `no rule reports ${row.code} in the fixture`);
  if (!row.at) return real[0];
  const at = offsetOf(text, row.at, row.nth);
  const hit = real.find((d) => lines.offsetAt(d.range.start) <= at && at <= lines.offsetAt(d.range.end));
  assert.ok(hit, `no ${row.code} diagnostic at "${row.at}"`);
  return hit!;
}

function actionsFor(text: string, row: Row): CodeAction[] {
  const parsed = parseConfig(text);
  const lines = parsed.model.document.lines;
  if (row.kind === 'quickfix') {
    const d = diagnosticFor(text, row);
    return codeActions(parsed, URI, d.range, [d], SETTINGS, { only: ['quickfix'] });
  }
  if (row.kind === 'fixAll') return codeActions(parsed, URI, lines.range(0, 0), [], SETTINGS, { only: ['source.fixAll'] });
  const at = lines.positionAt(offsetOf(text, row.at!, row.nth));
  return codeActions(parsed, URI, { start: at, end: at }, [], SETTINGS, { only: ['refactor'] });
}

function run(text: string, row: Row): string {
  if (row.kind === 'command') {
    const result = splitJobCommand(parseConfig(text), { uri: URI, jobIndex: 0, ...row.args } as never, SETTINGS);
    assert.ok('edit' in result, 'error' in result ? result.error : '');
    return applyWorkspaceEdit(text, result.edit);
  }
  const actions = actionsFor(text, row);
  const action = row.kind === 'fixAll' ? actions[0] : actions.find((a) => a.title === row.title);
  assert.ok(action, `no action "${row.title ?? row.kind}"; got: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
  return applyWorkspaceEdit(text, action!.edit);
}

describe('code actions: golden files', () => {
  for (const row of ROWS) {
    it(`${row.name}: ${row.title ?? row.kind}`, () => {
      const input = fs.readFileSync(path.join(FIXTURES, `${row.name}.yml`), 'utf8');
      const expectedPath = path.join(FIXTURES, `${row.name}.expected.yml`);
      const output = run(input, row);
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(expectedPath, output);
      assert.equal(output, fs.readFileSync(expectedPath, 'utf8'));
      if (row.kind === 'refactor' || row.kind === 'command') {
        const before = parseConfig(input).model.jobs;
        const jobIndex = row.kind === 'command' ? (row.args!.jobIndex as number) : before.findIndex((j) => j.span.start <= offsetOf(input, row.at!, row.nth) && offsetOf(input, row.at!, row.nth) < j.span.end);
        assertSplitFindings(input, output, jobIndex, parseConfig(output).model.jobs.length - before.length + 1);
      } else assertNoNewFindings(input, output, { gone: row.code, left: row.left, revealed: row.revealed });
      if (row.gone) assert.ok(row.gone(output), `the ${row.code} problem is still there`);
      if (row.kind === 'fixAll') assert.notEqual(output, input);
      if (row.promtool) {
        const before = promtoolCheck(input);
        const after = promtoolCheck(output);
        assert.ok(after.ok, `promtool rejects the output:\n${after.output}\n${output}`);
        if (row.promtool === 'accepts') assert.ok(before.ok, `promtool should accept the fixture:\n${before.output}`);
        else assert.ok(!before.ok, 'the fixture should show the problem to promtool');
      }
    });
  }
});

describe('docs/refactorings.md', () => {
  it('shows what the split really produces', () => {
    const doc = fs.readFileSync(path.resolve(FIXTURES, '..', '..', '..', 'docs', 'refactorings.md'), 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    const [before, after] = blocks;
    const parsed = parseConfig(before);
    const at = before.indexOf('scheme');
    const actions = codeActions(parsed, URI, parsed.model.document.lines.range(at, at), [], SETTINGS, { only: ['refactor'] });
    const split = actions.find((a) => a.title.startsWith('Split into one job per match[] selector'));
    assert.ok(split);
    assert.equal(applyWorkspaceEdit(before, split!.edit), after);
  });
});
