/**
 * The live preview's safety gate and cancellation, over stdio: with live access off (the default, and what the
 * VS Code client sends in Restricted Mode) no socket is ever opened; a cancelled hover closes its socket.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lspClient';

/** A listening socket on 127.0.0.1 that records connections and never answers. */
async function silentServer(): Promise<{ port: number; connections: net.Socket[]; closed: Promise<void>[]; onConnection: Promise<net.Socket>; close(): Promise<void> }> {
  const connections: net.Socket[] = [];
  const closed: Promise<void>[] = [];
  let first: (s: net.Socket) => void = () => undefined;
  const onConnection = new Promise<net.Socket>((resolve) => (first = resolve));
  const server = net.createServer((socket) => {
    connections.push(socket);
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    socket.on('error', () => undefined);
    // Read (and drop) the request: a paused socket would never see the peer's close.
    socket.resume();
    first(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    closed,
    onConnection,
    close: () => {
      for (const s of connections) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms))]);
}

describe('live preview gate and cancellation over stdio', function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  let server: Awaited<ReturnType<typeof silentServer>>;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-gate-'));
    fs.writeFileSync(path.join(dir, 'token'), 'gate-secret-token\n');
    server = await silentServer();
  });
  afterEach(async () => {
    await client.shutdown();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const text = (port: number) =>
    [
      'global: {scrape_interval: 1m, scrape_timeout: 30s}',
      'scrape_configs:',
      '  - job_name: federate-gate',
      '    honor_labels: true',
      '    metrics_path: /federate',
      '    bearer_token_file: token',
      '    params:',
      "      'match[]': ['up{job=\"x\"}']",
      `    static_configs: [{targets: ['127.0.0.1:${port}']}]`,
      '',
    ].join('\n');

  /** Everything that could contact the target: hover, completion, code lens, the preview request, live diagnostics. */
  async function exerciseEverything(c: LspClient, uri: string): Promise<void> {
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 20 } });
    assert.ok(hover, 'the static hover still answers');
    await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 18 } });
    await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 7, character: 21 }, context: { triggerKind: 2, triggerCharacter: '"' } });
    assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri } }), []);
    const preview = await c.request('promfed/previewJob', { uri, jobIndex: 0 });
    assert.match(preview.error, /Live access is off/);
    // The static diagnostics arrive; the live pass (if it ran) would republish after 750 ms.
    await c.waitForDiagnostics(uri, 1);
    await new Promise((r) => setTimeout(r, 1200));
  }

  for (const [title, init, configuration] of [
    ['with the server default (an editor that passes nothing)', undefined, null],
    ['with live.enabled false pulled from workspace/configuration (VS Code Restricted Mode)', undefined, { live: { enabled: false, diagnostics: true } }],
    ['with live.enabled false pushed in initializationOptions', { settings: { live: { enabled: false, diagnostics: true } } }, null],
  ] as const) {
    it(`sends nothing ${title}`, async () => {
      client = new LspClient();
      client.configuration = configuration;
      await client.initialize(configuration ? { workspace: { configuration: true } } : {}, init);
      const uri = pathToFileURL(path.join(dir, 'prometheus.yml')).href;
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: text(server.port) } });
      await exerciseEverything(client, uri);
      assert.equal(server.connections.length, 0, 'the listening socket saw a connection');
    });
  }

  it('control: with live access on, the same hover does connect', async () => {
    client = new LspClient();
    await client.initialize({}, { settings: { live: { enabled: true, timeoutMs: 1000 } } });
    const uri = pathToFileURL(path.join(dir, 'prometheus.yml')).href;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: text(server.port) } });
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 18 } });
    assert.equal(server.connections.length, 1);
    assert.match(hover.contents.value, /no answer within 1 s/);
    assert.match(hover.contents.value, /cannot tell/, 'a deadline shorter than scrape_timeout cannot decide');
  });

  it('$/cancelRequest on a hover waiting for a server that never answers closes the socket', async () => {
    client = new LspClient();
    await client.initialize({}, { settings: { live: { enabled: true, timeoutMs: 60_000 } } });
    const uri = pathToFileURL(path.join(dir, 'prometheus.yml')).href;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: text(server.port) } });
    const id = 4242;
    client.write({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 2, character: 18 } } });
    const socket = await within('the hover to connect', 10_000, server.onConnection);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const started = Date.now();
    client.notify('$/cancelRequest', { id });
    await within('the server to close the socket after the cancel', 5_000, closed);
    assert.ok(Date.now() - started < 5_000);
  });
});
