/** Code actions over stdio: quick fixes, lazy refactorings, fix-all and the promfed.splitJob command. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyTextEdits } from '../unit/actions/actionHelpers';
import { LspClient } from './lspClient';
import { parseConfig, runRules } from '../../server/src/service';
import { codeActions } from '../../server/src/service/actions';
import { toDiagnostics } from '../../server/src/service/diagnostics';
import { DEFAULT_SETTINGS } from '../../server/src/service/settings';
import type { Diagnostic } from 'vscode-languageserver-types';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'federation.yml');
const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'actions');

describe('code actions over stdio', function () {
  let client: LspClient;

  beforeEach(() => {
    client = new LspClient();
  });
  afterEach(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  async function open(uri: string, text: string, version = 1): Promise<any[]> {
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    return client.waitForDiagnostics(uri, version);
  }

  it('announces code action kinds, resolve and the split command', async () => {
    const result = await client.initialize();
    assert.deepEqual(result.capabilities.codeActionProvider.codeActionKinds, ['quickfix', 'refactor.rewrite', 'source.fixAll.promfed']);
    assert.equal(result.capabilities.codeActionProvider.resolveProvider, true);
    assert.deepEqual(result.capabilities.executeCommandProvider.commands, ['promfed.splitJob', 'promfed.previewJob']);
  });

  it('answers a diagnostic with a quick fix whose edit removes it', async () => {
    await client.initialize();
    const uri = 'file:///project/prometheus.yml';
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const diagnostics = await open(uri, text);
    const duplicate = diagnostics.find((d) => d.code === 'duplicate-job-name');
    assert.ok(duplicate);
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: duplicate.range, context: { diagnostics: [duplicate], only: ['quickfix'] } });
    const rename = actions.find((a: any) => a.title === 'Rename to federate-eu-2');
    assert.ok(rename, JSON.stringify(actions.map((a: any) => a.title)));
    assert.equal(rename.kind, 'quickfix');
    assert.deepEqual(rename.diagnostics, [duplicate]);
    const fixed = applyTextEdits(text, rename.edit.changes[uri]);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await client.waitForDiagnostics(uri, 2);
    assert.equal(after.filter((d: any) => d.code === 'duplicate-job-name').length, 0);
    assert.equal(after.length, diagnostics.length - 1);
  });

  it('publishes diagnostics without data and still offers every quick fix the data would give', async () => {
    await client.initialize();
    const uri = 'file:///project/prometheus.yml';
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const diagnostics = await open(uri, text);
    assert.ok(diagnostics.length >= 30);
    assert.deepEqual(diagnostics.filter((d) => d.data !== undefined), [], 'published diagnostics carry no data');
    // The same fixes, in process, from diagnostics that carry their data.
    const parsed = parseConfig(text);
    const withData = toDiagnostics(runRules(parsed, DEFAULT_SETTINGS), parsed.model.document.lines, uri, DEFAULT_SETTINGS, 'file:///docs/rules');
    assert.equal(withData.length, diagnostics.length);
    // Written over stdio without the objects in between (diagnosticsJson): the same diagnostics, data aside.
    const strip = ({ data: _data, codeDescription, ...rest }: Diagnostic) => ({ ...rest, href: codeDescription?.href.replace(/^.*\//, '') });
    assert.deepEqual(diagnostics.map(strip), withData.map(strip));
    for (const d of diagnostics) assert.match(d.codeDescription?.href ?? '', new RegExp(`^file:///.*/docs/rules/${d.code}\\.md$`));
    let fixes = 0;
    for (let i = 0; i < diagnostics.length; i++) {
      const expected = codeActions(parsed, uri, withData[i].range, [withData[i]], DEFAULT_SETTINGS, { only: ['quickfix'] }).map((a) => a.title);
      const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[i].range, context: { diagnostics: [diagnostics[i]], only: ['quickfix'] } });
      assert.deepEqual(actions.map((a: any) => a.title), expected, `quick fixes for ${diagnostics[i].code} at line ${diagnostics[i].range.start.line + 1}`);
      fixes += expected.length;
    }
    assert.ok(fixes >= 10, `only ${fixes} quick fixes compared`);
  });

  it('offers fix-all for source.fixAll and codeActionsOnSave', async () => {
    await client.initialize();
    const uri = 'file:///project/prometheus.yml';
    const text = fs.readFileSync(path.join(FIXTURES, 'fix-all.yml'), 'utf8');
    await open(uri, text);
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.promfed');
    assert.equal(applyTextEdits(text, actions[0].edit.changes[uri]), fs.readFileSync(path.join(FIXTURES, 'fix-all.expected.yml'), 'utf8'));
  });

  it('computes the split lazily when the client resolves edits', async () => {
    await client.initialize({ textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } });
    const uri = 'file:///project/prometheus.yml';
    const text = fs.readFileSync(path.join(FIXTURES, 'split-block.yml'), 'utf8');
    await open(uri, text);
    const line = text.split('\n').findIndex((l) => l.includes('scheme: https'));
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 8 }, end: { line, character: 8 } },
      context: { diagnostics: [], only: ['refactor'] },
    });
    const split = actions.find((a: any) => a.title.startsWith('Split into one job per match[] selector'));
    assert.ok(split, JSON.stringify(actions));
    assert.equal(split.kind, 'refactor.rewrite');
    assert.equal(split.edit, undefined);
    const resolved = await client.request('codeAction/resolve', split);
    assert.equal(applyTextEdits(text, resolved.edit.changes[uri]), fs.readFileSync(path.join(FIXTURES, 'split-block.expected.yml'), 'utf8'));
  });

  it('splits into K jobs with promfed.splitJob and workspace/applyEdit', async () => {
    await client.initialize({ workspace: { applyEdit: true } });
    const uri = 'file:///project/prometheus.yml';
    const text = fs.readFileSync(path.join(FIXTURES, 'split-groups.yml'), 'utf8');
    await open(uri, text);
    client.answer = (m) => (m.method === 'workspace/applyEdit' ? { applied: true } : undefined);
    const result = await client.request('workspace/executeCommand', {
      command: 'promfed.splitJob',
      arguments: [{ uri, jobIndex: 0, groups: 2, weights: [500, 40, 30, 1, 450] }],
    });
    assert.equal(result.applied, true);
    const applied = client.serverRequests.find((m) => m.method === 'workspace/applyEdit');
    assert.ok(applied, 'the server asked the client to apply the edit');
    assert.deepEqual(applied!.params.edit, result.edit);
    assert.equal(applyTextEdits(text, result.edit.changes[uri]), fs.readFileSync(path.join(FIXTURES, 'split-groups.expected.yml'), 'utf8'));
  });

  it('explains a split it cannot do instead of failing', async () => {
    await client.initialize();
    const uri = 'file:///project/prometheus.yml';
    await open(uri, 'scrape_configs:\n  - job_name: node\n    static_configs:\n      - targets: [a:1]\n');
    const result = await client.request('workspace/executeCommand', { command: 'promfed.splitJob', arguments: [{ uri, jobIndex: 0, groups: 2 }] });
    assert.equal(result.applied, false);
    assert.match(result.error, /two or more match\[\] selectors/);
  });
});
