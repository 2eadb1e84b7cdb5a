import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { createFederateClient, type FederateRequest } from '../../../server/src/federate/client';
import { createNodeTransport } from '../../../server/src/federate/transport';
import { expiredCert, freePort, tempDir, within } from './helpers';

const BODY = '# TYPE up untyped\nup{instance="a:1",job="x"} 1 1700000000000\n';
const TOKEN = 'tok-e2e-0123456789';
const PASSWORD = 'hostile-pw';

/** What the hostile server saw: per path, the Authorization header and whether the socket closed. */
interface Seen {
  path: string;
  host: string;
  authorization?: string;
  closed: Promise<void>;
}

/** Starts a server on host:0 whose routes misbehave on purpose. Each test gets a fresh one via before(). */
async function listen(server: http.Server | https.Server, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  return (server.address() as net.AddressInfo).port;
}

function zeros(mib: number, stats: { produced: number }, fill: string): Readable {
  const block = Buffer.alloc(1024 * 1024, fill);
  let sent = 0;
  return new Readable({
    read() {
      if (sent++ >= mib) return void this.push(null);
      stats.produced++;
      this.push(block);
    },
  });
}

describe('federate e2e: hostile loopback servers', function () {
  this.timeout(60_000);
  const events = new EventEmitter();
  const seen: Seen[] = [];
  const bombStats = { produced: 0 };
  let main: http.Server;
  let other: http.Server;
  let mainPort: number;
  let otherPort: number;
  const client = createFederateClient({ version: 'e2e' });
  let base: FederateRequest;

  function route(req: http.IncomingMessage, res: http.ServerResponse, otherHost: () => string): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const closed = new Promise<void>((resolve) => req.socket.once('close', () => resolve()));
    const entry: Seen = { path, host: req.socket.localAddress ?? '', authorization: req.headers.authorization, closed };
    seen.push(entry);
    events.emit('request', entry);
    const text = (status: number, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end(body);
    };
    switch (path) {
      case '/federate':
        return text(200, BODY, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      case '/401':
        return text(401, 'Unauthorized\n', { 'WWW-Authenticate': 'Basic realm="x"' });
      case '/403':
        return text(403, 'Forbidden\n');
      case '/404':
        return text(404, '404 page not found\n');
      case '/503':
        return text(503, 'Service Unavailable');
      case '/400':
        return text(400, 'bad_data: 1:9: parse error: unexpected character inside braces: \'!\'\n');
      case '/bearer':
        return req.headers.authorization === `Bearer ${TOKEN}` ? text(200, BODY) : text(401, 'Unauthorized\n');
      case '/silent':
        return; // never answers
      case '/trickle': {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        const timer = setInterval(() => res.write('u'), 50);
        req.socket.once('close', () => clearInterval(timer));
        return;
      }
      case '/hang-after-headers':
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
        res.write(BODY);
        return;
      case '/bomb-zeros':
      case '/bomb-lines': {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Content-Encoding': 'gzip' });
        const source = zeros(1024, bombStats, path === '/bomb-zeros' ? '\0' : 'up 1\n');
        const gzip = zlib.createGzip({ level: 1 });
        source.pipe(gzip).pipe(res);
        req.socket.once('close', () => {
          source.destroy();
          gzip.destroy();
        });
        return;
      }
      case '/garbage':
        return text(200, '\u0000\u0001binary\u00ff\u00fe junk {{{ ]]] \n'.repeat(100));
      case '/html':
        return text(200, '<!doctype html><title>Grafana</title>', { 'Content-Type': 'text/html' });
      case '/redirect-other':
        res.writeHead(302, { Location: `${otherHost()}/federate` }).end();
        return;
      case '/redirect-same':
        res.writeHead(301, { Location: '/federate' }).end();
        return;
      default:
        return text(500, 'unexpected path');
    }
  }

  before(async () => {
    main = http.createServer((req, res) => route(req, res, () => `http://127.0.0.2:${otherPort}`));
    other = http.createServer((req, res) => route(req, res, () => ''));
    mainPort = await listen(main, '127.0.0.1');
    otherPort = await listen(other, '127.0.0.2');
    base = { scheme: 'http', target: `127.0.0.1:${mainPort}`, metricsPath: '/federate', params: { 'match[]': ['up'] }, timeoutMs: 5000 };
  });

  after(async () => {
    for (const server of [main, other]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('a refused port', async () => {
    const port = await freePort();
    const result = await client.fetchFederate({ ...base, target: `127.0.0.1:${port}` });
    assert.equal(result.errorKind, 'refused');
    assert.equal(result.message, `connection refused by 127.0.0.1:${port}: is Prometheus running and listening there?`);
  });

  it('a DNS failure (through an injected resolver; no query leaves the machine)', async () => {
    const lookup = ((_host: string, _options: unknown, callback: (e: NodeJS.ErrnoException) => void): void => {
      callback(Object.assign(new Error('getaddrinfo ENOTFOUND prometheus.invalid'), { code: 'ENOTFOUND' }));
    }) as unknown as net.LookupFunction;
    const dnsClient = createFederateClient({ transport: createNodeTransport({ lookup }) });
    const result = await dnsClient.fetchFederate({ ...base, target: 'prometheus.invalid:9090' });
    assert.equal(result.errorKind, 'dns');
    assert.equal(result.message, 'cannot resolve "prometheus.invalid" (DNS lookup failed)');
  });

  const STATUS_ROWS: [string, number, RegExp][] = [
    ['/401', 401, /^401 Unauthorized: the server rejected the job's credentials$/],
    ['/403', 403, /^403 Forbidden: the server refuses access/],
    ['/404', 404, /^404 Not Found at \/404: not a Prometheus \/federate endpoint\? Check metrics_path$/],
    ['/503', 503, /^503 Service Unavailable: Prometheus is not ready/],
    ['/400', 400, /^400 Bad Request: Prometheus rejected the request: "bad_data: 1:9: parse error: unexpected character inside braces: '!'"$/],
  ];
  for (const [path, status, message] of STATUS_ROWS) {
    it(`HTTP ${status}`, async () => {
      const result = await client.fetchFederate({ ...base, metricsPath: path, auth: { kind: 'basic', username: 'u', password: PASSWORD } });
      assert.equal(result.status, status);
      assert.equal(result.errorKind, 'http');
      assert.match(result.message, message);
      if (status === 400) assert.match(result.body400 ?? '', /^bad_data: 1:9: parse error/);
      assert.doesNotMatch(JSON.stringify(result), new RegExp(PASSWORD));
    });
  }

  it('bearer token: the server checks the header', async () => {
    const good = await client.fetchFederate({ ...base, metricsPath: '/bearer', auth: { kind: 'authorization', credentials: TOKEN } });
    assert.equal(good.ok, true, good.message);
    assert.equal(seen[0].authorization, `Bearer ${TOKEN}`);
    const bad = await client.fetchFederate({ ...base, metricsPath: '/bearer', auth: { kind: 'authorization', credentials: 'nope' } });
    assert.equal(bad.status, 401);
  });

  it('a server that never answers: timeout at the deadline, and the socket is closed', async () => {
    const result = await client.fetchFederate({ ...base, metricsPath: '/silent', timeoutMs: 1000 });
    assert.equal(result.errorKind, 'timeout');
    assert.equal(result.message, "no answer within 1 s (the job's scrape_timeout)");
    assert.ok(result.durationMs >= 950 && result.durationMs < 2000, `${result.durationMs}`);
    await within('the server to see the socket close', 2000, seen[0].closed);
  });

  it('a server that trickles bytes stops at the deadline, not later', async () => {
    const result = await client.fetchFederate({ ...base, metricsPath: '/trickle', timeoutMs: 1000, stallTimeoutMs: 500 });
    assert.equal(result.errorKind, 'timeout');
    assert.match(result.message, /^the answer did not finish within 1 s \(the job's scrape_timeout\); got \d+ B$/);
    assert.ok(result.bytesOnWire > 5 && result.durationMs < 2000, `${result.bytesOnWire} B in ${result.durationMs} ms`);
    await within('the server to see the socket close', 2000, seen[0].closed);
  });

  it('a gzip bomb of 1 GiB of exposition lines stops at the decompressed cap', async () => {
    bombStats.produced = 0;
    const result = await client.fetchFederate({ ...base, metricsPath: '/bomb-lines', maxBytes: 16 * 1024 * 1024 });
    assert.equal(result.errorKind, 'too-large');
    assert.equal(result.bytesUncompressed, 16 * 1024 * 1024);
    assert.ok(result.bytesOnWire < 2 * 1024 * 1024, `${result.bytesOnWire} B on the wire`);
    await within('the server to see the socket close', 5000, seen[0].closed);
    // Loopback socket buffers hold a few MB of compressed data (~128:1 here), so the server gets well ahead of
    // the client; what matters is that it was cut off before the end.
    assert.ok(bombStats.produced < 1024, `the server produced ${bombStats.produced} MiB of 1024`);
  });

  it('a gzip bomb of 1 GiB of zeros stops early as garbage', async () => {
    bombStats.produced = 0;
    const result = await client.fetchFederate({ ...base, metricsPath: '/bomb-zeros', maxBytes: 64 * 1024 * 1024 });
    assert.equal(result.errorKind, 'not-prometheus');
    assert.ok(result.bytesUncompressed <= 4 * 1024 * 1024, `${result.bytesUncompressed}`);
    await within('the server to see the socket close', 2000, seen[0].closed);
    assert.ok(bombStats.produced < 1024, `the server produced ${bombStats.produced} MiB of 1024`);
  });

  it('a garbage body', async () => {
    const result = await client.fetchFederate({ ...base, metricsPath: '/garbage' });
    assert.equal(result.errorKind, 'not-prometheus');
    assert.match(result.message, /^the answer is not in the Prometheus text format \(line 1: .+\): not a Prometheus \/federate endpoint\?$/);
  });

  it('an HTML page', async () => {
    const result = await client.fetchFederate({ ...base, metricsPath: '/html' });
    assert.equal(result.errorKind, 'not-prometheus');
    assert.match(result.message, /text\/html/);
  });

  it('a redirect to another host (127.0.0.2) does not carry the credentials there', async () => {
    const result = await client.fetchFederate({ ...base, metricsPath: '/redirect-other', auth: { kind: 'basic', username: 'u', password: PASSWORD } });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.credentialsDropped, true);
    assert.deepEqual(seen.map((s) => [s.host, s.path, s.authorization !== undefined]), [
      ['127.0.0.1', '/redirect-other', true],
      ['127.0.0.2', '/federate', false],
    ]);
  });

  it('a redirect to the same host keeps the credentials', async () => {
    const result = await client.fetchFederate({ ...base, metricsPath: '/redirect-same', auth: { kind: 'authorization', credentials: TOKEN } });
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(seen.map((s) => [s.path, s.authorization]), [
      ['/redirect-same', `Bearer ${TOKEN}`],
      ['/federate', `Bearer ${TOKEN}`],
    ]);
  });

  it('cancelling through AbortSignal closes the socket', async () => {
    const controller = new AbortController();
    const arrived = new Promise<Seen>((resolve) => events.once('request', resolve));
    const pending = client.fetchFederate({ ...base, metricsPath: '/hang-after-headers', timeoutMs: 20_000 }, controller.signal);
    const request = await within('the request to arrive', 5000, arrived);
    controller.abort();
    const result = await within('the fetch to return', 2000, pending);
    assert.equal(result.errorKind, 'aborted');
    await within('the server to see the socket close', 2000, request.closed);
  });

  it('an expired certificate is named', async () => {
    const cert = expiredCert(tempDir('expired'));
    const server = https.createServer({ cert: cert.cert, key: cert.key }, (_req, res) => res.end(BODY));
    const port = await listen(server, '127.0.0.1');
    try {
      const result = await client.fetchFederate({ ...base, scheme: 'https', target: `127.0.0.1:${port}`, tls: { ca: cert.cert } });
      assert.equal(result.errorKind, 'tls');
      assert.match(result.message, /certificate has expired/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
