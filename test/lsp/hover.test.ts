import * as assert from 'node:assert/strict';
import { LspClient } from './lspClient';

describe('hover and completion over stdio', function () {
  let client: LspClient;

  beforeEach(() => {
    client = new LspClient();
  });
  afterEach(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  const uri = 'file:///project/prometheus.yml';
  const text =
    'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: federate-eu\n    metrics_path: /federate\n' +
    "    honor_labels: true\n    params:\n      match[]:\n        - 'up{env!=\"dev\"}'\n    \n";

  it('announces hover and completion', async () => {
    const result = await client.initialize();
    assert.equal(result.capabilities.hoverProvider, true);
    assert.ok(result.capabilities.completionProvider);
  });

  it('answers a hover on a selector with its matchers in words', async () => {
    await client.initialize();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 14 } });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /series named `up` whose label `env` is not `dev`/);
    assert.deepEqual(hover.range, { start: { line: 8, character: 10 }, end: { line: 8, character: 26 } });
  });

  it('answers a hover on job_name with the effective interval', async () => {
    await client.initialize();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 18 } });
    assert.match(hover.contents.value, /scrapes every \*\*15s\*\* \(from `global`\)/);
  });

  it('answers null where there is nothing to say', async () => {
    await client.initialize();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 2 } }), null);
  });

  it('does not hover YAML that is not a Prometheus config', async () => {
    await client.initialize();
    const other = 'file:///project/deployment.yaml';
    client.notify('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: 'kind: Pod\nmetadata:\n  name: x\n' } });
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 1 } }), null);
  });

  it('completes job keys', async () => {
    await client.initialize();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const items = await client.request<any[]>('textDocument/completion', { textDocument: { uri }, position: { line: 9, character: 4 } });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('static_configs'), labels.join(', '));
    assert.ok(!labels.includes('honor_labels'));
  });
});
