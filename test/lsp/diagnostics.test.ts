import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient } from './lspClient';

const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'federation.yml');

describe('language server over stdio', function () {
  let client: LspClient;

  beforeEach(() => {
    client = new LspClient();
  });
  afterEach(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  it('announces incremental sync', async () => {
    const result = await client.initialize();
    assert.equal(result.capabilities.textDocumentSync.change, 2);
    assert.equal(result.serverInfo.name, 'promfed');
  });

  it('pushes diagnostics on open with the document version, codes and rule links', async () => {
    await client.initialize();
    const uri = 'file:///project/prometheus.yml';
    const text = 'scrape_configs:\n  - job_name: a\n  - job_name: a\n';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics = await client.waitForDiagnostics(uri, 1);
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d.code, 'duplicate-job-name');
    assert.equal(d.source, 'promfed');
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, { start: { line: 2, character: 14 }, end: { line: 2, character: 15 } });
    assert.match(d.codeDescription.href, /^file:\/\/.*\/docs\/rules\/duplicate-job-name\.md$/);
    assert.equal(d.relatedInformation[0].location.range.start.line, 1);
  });

  it('re-validates after an incremental change', async () => {
    await client.initialize();
    const uri = 'file:///project/global.prometheus.yaml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'scrape_configs:\n  - job_name: a\n  - job_name: b\n' } });
    assert.equal((await client.waitForDiagnostics(uri, 1)).length, 0);
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 15 } }, text: 'a' }],
    });
    const diagnostics = await client.waitForDiagnostics(uri, 2);
    assert.deepEqual(diagnostics.map((d: any) => d.code), ['duplicate-job-name']);
  });

  it('leaves YAML that is not a Prometheus config alone', async () => {
    await client.initialize();
    const uri = 'file:///project/deployment.yaml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n' } });
    assert.deepEqual(await client.waitForDiagnostics(uri, 1), []);
  });

  it('recognises a config by its top-level scrape_configs key, whatever the file name', async () => {
    await client.initialize();
    const uri = 'file:///project/001-whatever.yml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'scrape_configs:\n\t- job_name: a\n' } });
    assert.deepEqual((await client.waitForDiagnostics(uri, 1)).map((d: any) => d.code), ['yaml-tab']);
  });

  it('reports the example config at the same places as the CLI', async () => {
    await client.initialize();
    const uri = 'file:///project/examples/federation.yml';
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 7, text } });
    const diagnostics = await client.waitForDiagnostics(uri, 7);
    const lines = new Set(diagnostics.map((d: any) => d.range.start.line + 1));
    for (const expected of text.split('\n').flatMap((l, i) => (/\t/.test(l) || /^- job_name/.test(l) ? [i + 1] : []))) {
      assert.ok(lines.has(expected), `no diagnostic on line ${expected}`);
    }
  });

  it('applies per-rule severity settings from the client', async () => {
    client.configuration = { rules: { 'duplicate-job-name': 'warning' } };
    await client.initialize({ workspace: { configuration: true } });
    const uri = 'file:///project/prometheus.yml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'scrape_configs:\n  - job_name: a\n  - job_name: a\n' } });
    const [d] = await client.waitForDiagnostics(uri, 1);
    assert.equal(d.severity, 2);
  });
});
