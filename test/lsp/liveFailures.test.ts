/** Every failure of a live fetch is a plain sentence in the hover, never a crash: hostile loopback servers. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lspClient';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const rows: { title: string; handler?: Handler; expect: RegExp; live?: Record<string, unknown> }[] = [
  { title: 'refused connection', expect: /connection refused by 127\.0\.0\.1:\d+: is Prometheus running/ },
  { title: '404: not a Prometheus', handler: (_q, r) => r.writeHead(404, 'Not Found').end('404 page not found'), expect: /404 Not Found at \/federate: not a Prometheus \/federate endpoint\?/ },
  { title: '400 with the parse error', handler: (_q, r) => r.writeHead(400, 'Bad Request', { 'Content-Type': 'text/plain' }).end('1:3: parse error: unexpected "["'), expect: /400 Bad Request\*\* — Prometheus rejected the request: "1:3: parse error: unexpected "\\\[""/ },
  { title: '503: not ready', handler: (_q, r) => r.writeHead(503, 'Service Unavailable').end('Service Unavailable'), expect: /Prometheus is not ready/ },
  { title: 'garbage instead of exposition', handler: (_q, r) => r.writeHead(200, { 'Content-Type': 'text/plain' }).end('<html><body>hello</body></html>\n'.repeat(200)), expect: /not in the Prometheus text format/ },
  { title: 'HTML content type', handler: (_q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end('<html></html>'), expect: /the answer is text\/html, not the Prometheus text format/ },
  {
    title: 'a gzip bomb stops at live.maxBytes',
    handler: (_q, r) => r.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024, 'a'))),
    live: { maxBytes: 1024 * 1024 },
    expect: /larger than 1 MiB uncompressed|not in the Prometheus text format/,
  },
  {
    title: 'a server that trickles bytes',
    handler: (_q, r) => {
      r.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      r.write('up 1\n');
      const t = setInterval(() => r.write('u'), 50);
      r.on('close', () => clearInterval(t));
    },
    live: { timeoutMs: 1500 },
    expect: /did not finish within 1\.5 s/,
  },
];

describe('live preview failures as sentences over stdio', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-fail-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const row of rows) {
    it(row.title, async () => {
      let port: number;
      let server: http.Server | undefined;
      if (row.handler) {
        server = http.createServer(row.handler);
        await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
        port = (server.address() as net.AddressInfo).port;
      } else {
        // A port that was free a moment ago: nothing listens there.
        const probe = net.createServer();
        await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
        port = (probe.address() as net.AddressInfo).port;
        await new Promise((resolve) => probe.close(resolve));
      }
      const client = new LspClient();
      try {
        await client.initialize({}, { settings: { live: { enabled: true, ...row.live } } });
        const uri = pathToFileURL(path.join(dir, 'prometheus.yml')).href;
        const text = `scrape_configs:\n  - job_name: hostile\n    metrics_path: /federate\n    params: {'match[]': ['up']}\n    static_configs: [{targets: ['127.0.0.1:${port}']}]\n`;
        client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
        const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 16 } }, 20_000);
        assert.match(hover.contents.value, row.expect);
        assert.match(hover.contents.value, /(❌ will fail|❔ cannot tell)/);
      } finally {
        assert.equal(await client.shutdown(), 0, client.stderr);
        server?.closeAllConnections();
        server?.close();
      }
    });
  }
});
