import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import {
  createFederateClient,
  buildFederateUrl,
  type FederateRequest,
  type FederateResult,
  type FederateTransport,
} from '../../../server/src/federate/client';
import type { TransportRequest, TransportResponse } from '../../../server/src/federate/transport';

interface FakeReply {
  status?: number;
  statusText?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | (() => AsyncGenerator<Uint8Array>);
  /** Called when the client destroys the body (a real socket would close). */
  onClose?: () => void;
}

/** A Readable over an async iterable whose destroy() is immediate, like a socket's, and observable. */
function bodyOf(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, onClose?: () => void): Readable {
  const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (async function* () { yield* source; })();
  return new Readable({
    read() {
      it.next().then(
        (r) => this.push(r.done ? null : r.value),
        (e: Error) => this.destroy(e),
      );
    },
    destroy(error, callback) {
      onClose?.();
      void it.return?.();
      callback(error);
    },
  });
}

/** A transport that answers from a handler and records what it was asked. Fresh per test. */
function fake(handler: (req: TransportRequest, n: number) => FakeReply | Promise<FakeReply>): { transport: FederateTransport; seen: TransportRequest[] } {
  const seen: TransportRequest[] = [];
  const transport: FederateTransport = async (req) => {
    seen.push(req);
    const reply = await handler(req, seen.length);
    const body = reply.body ?? '';
    const source = typeof body === 'function' ? body() : [typeof body === 'string' ? Buffer.from(body) : body];
    const response: TransportResponse = {
      status: reply.status ?? 200,
      statusText: reply.statusText ?? 'OK',
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', ...lower(reply.headers ?? {}) },
      body: bodyOf(source, reply.onClose),
    };
    return response;
  };
  return { transport, seen };
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Rejects when the signal aborts, never resolves otherwise: a server that does not answer. */
function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const BASE: FederateRequest = {
  scheme: 'http',
  target: '127.0.0.1:9090',
  metricsPath: '/federate',
  params: { 'match[]': ['{job="prometheus"}'] },
  timeoutMs: 2000,
};

const BODY = '# TYPE up untyped\nup{instance="a:1",job="prometheus"} 1 1700000000000\nup{instance="b:1",job="prometheus"} 0 1700000000001\n';

async function run(reply: FakeReply | ((req: TransportRequest, n: number) => FakeReply | Promise<FakeReply>), request: Partial<FederateRequest> = {}, signal?: AbortSignal): Promise<{ result: FederateResult; seen: TransportRequest[] }> {
  const { transport, seen } = fake(typeof reply === 'function' ? reply : () => reply);
  const client = createFederateClient({ transport, version: '1.2.3' });
  const result = await client.fetchFederate({ ...BASE, ...request }, signal);
  return { result, seen };
}

describe('federate/client (fake transport)', () => {
  it('sends the headers of a Prometheus scrape and Go-encoded params', async () => {
    const { result, seen } = await run({ body: BODY }, { params: { 'match[]': ['{job="a b"}', 'up'], a: ['1'] }, timeoutMs: 10_000 });
    assert.equal(result.ok, true);
    const req = seen[0];
    assert.equal(req.url.toString(), 'http://127.0.0.1:9090/federate?a=1&match%5B%5D=%7Bjob%3D%22a+b%22%7D&match%5B%5D=up');
    assert.deepEqual(req.headers, {
      Accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1',
      'Accept-Encoding': 'gzip',
      'User-Agent': 'promfed/1.2.3',
      'X-Prometheus-Scrape-Timeout-Seconds': '10',
    });
  });

  it('asks for identity encoding when compression is off, and honours scrapeTimeoutSeconds', async () => {
    const { seen } = await run({ body: BODY }, { enableCompression: false, scrapeTimeoutSeconds: 0.5 });
    assert.equal(seen[0].headers['Accept-Encoding'], 'identity');
    assert.equal(seen[0].headers['X-Prometheus-Scrape-Timeout-Seconds'], '0.5');
  });

  const AUTH_ROWS: { title: string; auth: FederateRequest['auth']; header: string | undefined }[] = [
    { title: 'basic', auth: { kind: 'basic', username: 'u', password: 'p' }, header: 'Basic dTpw' },
    { title: 'authorization defaults to Bearer', auth: { kind: 'authorization', credentials: 'tok' }, header: 'Bearer tok' },
    { title: 'authorization with a type', auth: { kind: 'authorization', type: 'Token', credentials: 'tok' }, header: 'Token tok' },
    { title: 'none', auth: { kind: 'none' }, header: undefined },
  ];
  for (const row of AUTH_ROWS) {
    it(`authorization header: ${row.title}`, async () => {
      const { seen } = await run({ body: BODY }, { auth: row.auth });
      assert.equal(seen[0].headers.Authorization, row.header);
    });
  }

  it('parses a 200 body and says what it found', async () => {
    const { result } = await run({ body: BODY });
    assert.equal(result.ok, true);
    assert.equal(result.status, 200);
    assert.equal(result.summary?.series, 2);
    assert.equal(result.bytesUncompressed, Buffer.byteLength(BODY));
    assert.equal(result.bytesOnWire, Buffer.byteLength(BODY));
    assert.match(result.message, /^2 series of 1 metric, 1\d\d B in \d+ ms$/);
  });

  it('decompresses gzip as a stream and counts both sizes', async () => {
    const big = BODY.repeat(500);
    const gz = zlib.gzipSync(big);
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < gz.length; i += 100) yield gz.subarray(i, i + 100);
    };
    const { result } = await run({ headers: { 'Content-Encoding': 'gzip' }, body: chunks });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.summary?.series, 1000);
    assert.equal(result.bytesOnWire, gz.length);
    assert.equal(result.bytesUncompressed, big.length);
    assert.match(result.message, /on the wire/);
  });

  /** Gzip of `mib` MiB made of `unit` repeated, produced lazily; `stats.produced` counts MiB fed to the compressor. */
  function bomb(unit: string, mib: number, stats: { produced: number }): () => AsyncGenerator<Uint8Array> {
    return async function* () {
      const gzip = zlib.createGzip({ level: 9 });
      const block = Buffer.alloc(1024 * 1024, unit);
      const feed = (async () => {
        for (let i = 0; i < mib && !gzip.destroyed; i++) {
          stats.produced++;
          if (!gzip.write(block)) await new Promise((r) => gzip.once('drain', r));
        }
        gzip.end();
      })();
      try {
        for await (const chunk of gzip) yield chunk as Buffer;
      } finally {
        gzip.destroy();
        await feed;
      }
    };
  }

  it('stops a gzip bomb at the cap of decompressed bytes', async () => {
    const stats = { produced: 0 };
    const { result } = await run({ headers: { 'Content-Encoding': 'gzip' }, body: bomb('up 1\n', 1024, stats) }, { maxBytes: 4 * 1024 * 1024 });
    assert.equal(result.errorKind, 'too-large');
    assert.equal(result.bytesUncompressed, 4 * 1024 * 1024);
    assert.ok(result.bytesOnWire < 200 * 1024, `wire ${result.bytesOnWire}`);
    assert.ok(stats.produced < 64, `the server side produced ${stats.produced} MiB`);
    assert.match(result.message, /larger than 4 MiB uncompressed/);
    assert.ok((result.summary?.series ?? 0) > 800_000);
  });

  it('stops a gzip bomb of zeros even earlier: one over-long line is garbage', async () => {
    const stats = { produced: 0 };
    const { result } = await run({ headers: { 'Content-Encoding': 'gzip' }, body: bomb('\0', 1024, stats) }, { maxBytes: 64 * 1024 * 1024 });
    assert.equal(result.errorKind, 'not-prometheus');
    assert.ok(result.bytesUncompressed < 4 * 1024 * 1024);
    assert.ok(stats.produced < 64);
  });

  it('reports broken gzip', async () => {
    const { result } = await run({ headers: { 'Content-Encoding': 'gzip' }, body: 'this is not gzip at all' });
    assert.equal(result.errorKind, 'bad-gzip');
    assert.match(result.message, /not valid gzip/);
  });

  it('reports a truncated gzip stream', async () => {
    const gz = zlib.gzipSync(BODY.repeat(50));
    const { result } = await run({ headers: { 'Content-Encoding': 'gzip' }, body: gz.subarray(0, gz.length - 20) });
    assert.equal(result.errorKind, 'bad-gzip');
  });

  const STATUS_ROWS: { status: number; statusText: string; body?: string; headers?: Record<string, string>; auth?: FederateRequest['auth']; message: RegExp }[] = [
    { status: 400, statusText: 'Bad Request', body: '1:3: parse error: unexpected "["\n', message: /^400 Bad Request: Prometheus rejected the request: "1:3: parse error: unexpected "\[""$/ },
    { status: 400, statusText: 'Bad Request', body: 'Client sent an HTTP request to an HTTPS server.\n', message: /speaks https; set scheme: https/ },
    { status: 401, statusText: 'Unauthorized', message: /wants credentials, and the job has no basic_auth or authorization/ },
    { status: 401, statusText: 'Unauthorized', auth: { kind: 'basic', username: 'u', password: 'p' }, message: /rejected the job's credentials/ },
    { status: 403, statusText: 'Forbidden', message: /^403 Forbidden: the server refuses access/ },
    { status: 404, statusText: 'Not Found', message: /^404 Not Found at \/federate: not a Prometheus \/federate endpoint\?/ },
    { status: 503, statusText: 'Service Unavailable', message: /Prometheus is not ready/ },
    { status: 503, statusText: 'Service Unavailable', headers: { 'X-Prometheus-Stopping': 'true' }, message: /Prometheus is shutting down/ },
    { status: 500, statusText: 'Internal Server Error', body: 'boom', message: /^server returned HTTP status 500 Internal Server Error: "boom"$/ },
    { status: 204, statusText: 'No Content', message: /^server returned HTTP status 204 No Content$/ },
  ];
  for (const row of STATUS_ROWS) {
    it(`HTTP ${row.status}${row.body ? ` (${row.body.trim().slice(0, 20)})` : ''}${row.auth ? ' with credentials' : ''}`, async () => {
      const { result } = await run({ status: row.status, statusText: row.statusText, body: row.body, headers: row.headers }, { auth: row.auth });
      assert.equal(result.ok, false);
      assert.equal(result.errorKind, 'http');
      assert.equal(result.status, row.status);
      assert.match(result.message, row.message);
      if (row.status === 400) assert.equal(result.body400, row.body);
    });
  }

  it('an error status wins over an error body that never ends', async () => {
    const endless = async function* (): AsyncGenerator<Uint8Array> {
      yield Buffer.from('Unauth');
      await sleep(10_000);
    };
    const { result } = await run({ status: 401, statusText: 'Unauthorized', body: endless }, { timeoutMs: 5000, stallTimeoutMs: 100 });
    assert.equal(result.status, 401);
    assert.match(result.message, /^401 Unauthorized/);
  });

  it('rejects a timeout that is not positive', async () => {
    const { result, seen } = await run({ body: BODY }, { timeoutMs: 0 });
    assert.equal(result.errorKind, 'invalid-request');
    assert.equal(seen.length, 0);
  });

  it('keeps only the first 500 bytes of a 400 body', async () => {
    const { result } = await run({ status: 400, statusText: 'Bad Request', body: 'x'.repeat(10_000) });
    assert.equal(result.body400?.length, 500);
  });

  describe('redirects', () => {
    const auth: FederateRequest['auth'] = { kind: 'basic', username: 'admin', password: 's3cret' };
    function chain(locations: string[]): (req: TransportRequest, n: number) => FakeReply {
      return (_req, n) => (n <= locations.length ? { status: 302, statusText: 'Found', headers: { Location: locations[n - 1] } } : { body: BODY });
    }

    it('keeps credentials on a same-host redirect (relative Location)', async () => {
      const { result, seen } = await run(chain(['/other/federate?match[]=up']), { auth });
      assert.equal(result.ok, true);
      assert.equal(seen[1].url.toString(), 'http://127.0.0.1:9090/other/federate?match[]=up');
      assert.ok(seen[1].headers.Authorization);
      assert.equal(result.credentialsDropped, false);
      assert.equal(result.redirects, 1);
    });

    it('drops credentials on a redirect to another host (127.0.0.2 is not 127.0.0.1)', async () => {
      const { result, seen } = await run(chain(['http://127.0.0.2:9090/federate']), { auth });
      assert.equal(result.ok, true);
      assert.ok(seen[0].headers.Authorization);
      assert.equal(seen[1].headers.Authorization, undefined);
      assert.equal(result.credentialsDropped, true);
      assert.equal(result.url, 'http://127.0.0.2:9090/federate');
    });

    it('drops credentials on a redirect to another port, and restores them back on the original host', async () => {
      const { seen } = await run(chain(['http://127.0.0.1:9091/federate', 'http://127.0.0.1:9090/federate']), { auth: { kind: 'authorization', credentials: 'tok' } });
      assert.equal(seen[1].headers.Authorization, undefined);
      assert.equal(seen[2].headers.Authorization, 'Bearer tok');
    });

    it('drops credentials on an https -> http downgrade to the same host name', async () => {
      const { seen } = await run(chain(['http://prom.example/federate']), { scheme: 'https', target: 'prom.example', auth });
      assert.equal(seen[1].headers.Authorization, undefined);
    });

    it('does not follow when follow_redirects is false', async () => {
      const { result, seen } = await run(chain(['http://127.0.0.2:9090/federate']), { followRedirects: false, auth });
      assert.equal(seen.length, 1);
      assert.equal(result.errorKind, 'http');
      assert.equal(result.status, 302);
      assert.match(result.message, /redirected to http:\/\/127\.0\.0\.2:9090\/federate, but follow_redirects is false/);
    });

    it('stops after 10 redirects like Go', async () => {
      const { result, seen } = await run(() => ({ status: 307, statusText: 'Temporary Redirect', headers: { Location: '/loop' } }));
      assert.equal(result.errorKind, 'redirect');
      assert.equal(result.message, 'stopped after 10 redirects');
      assert.equal(seen.length, 10);
    });

    it('redacts userinfo in a Location', async () => {
      const { result } = await run(chain(['http://user:hunter2@127.0.0.2/federate']), { followRedirects: false });
      assert.doesNotMatch(result.message, /hunter2|user:/);
    });
  });

  describe('time limits and cancellation', () => {
    it('times out when no answer comes', async () => {
      const { result } = await run((req) => never(req.signal), { timeoutMs: 200 });
      assert.equal(result.errorKind, 'timeout');
      assert.equal(result.message, "no answer within 0.2 s (the job's scrape_timeout)");
      assert.ok(result.durationMs >= 190 && result.durationMs < 1000, `${result.durationMs}`);
    });

    it('stops a trickling body at the deadline', async () => {
      let closed = false;
      const trickle = async function* (): AsyncGenerator<Uint8Array> {
        for (;;) {
          yield Buffer.from('u');
          await sleep(10);
        }
      };
      const { result } = await run({ body: trickle, onClose: () => (closed = true) }, { timeoutMs: 300, stallTimeoutMs: 200 });
      assert.equal(result.errorKind, 'timeout');
      assert.match(result.message, /^the answer did not finish within 0.3 s \(the job's scrape_timeout\); got \d+ B$/);
      assert.ok(result.durationMs < 1000);
      assert.ok(result.summary, 'a partial summary comes along');
      assert.ok(closed, 'the body was closed');
    });

    it('stops a body that stalls', async () => {
      const stall = async function* (): AsyncGenerator<Uint8Array> {
        yield Buffer.from(BODY);
        await sleep(10_000);
      };
      const { result } = await run({ body: stall }, { timeoutMs: 5000, stallTimeoutMs: 150 });
      assert.ok(result.durationMs < 1000, `${result.durationMs}`);
      assert.equal(result.errorKind, 'timeout');
      assert.match(result.message, /stopped sending for 0.15 s/);
      assert.equal(result.summary?.series, 2);
    });

    it('cancels on the caller signal and closes the body', async () => {
      const controller = new AbortController();
      let closed = false;
      const body = async function* (): AsyncGenerator<Uint8Array> {
        yield Buffer.from(BODY);
        controller.abort();
        await sleep(10_000);
      };
      const { result } = await run({ body, onClose: () => (closed = true) }, {}, controller.signal);
      assert.equal(result.errorKind, 'aborted');
      assert.ok(result.durationMs < 1000);
      assert.ok(closed);
    });

    it('cancels while waiting for the answer', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const { result, seen } = await run((req) => never(req.signal), { timeoutMs: 5000 }, controller.signal);
      assert.equal(result.errorKind, 'aborted');
      assert.equal(seen[0].signal.aborted, true, 'the transport signal is aborted too');
    });

    it('does not send when already cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      const { result, seen } = await run({ body: BODY }, {}, controller.signal);
      assert.equal(result.errorKind, 'aborted');
      assert.equal(seen.length, 0);
    });
  });

  describe('transport errors become sentences', () => {
    const ROWS: { code: string; kind: string; message: RegExp }[] = [
      { code: 'ENOTFOUND', kind: 'dns', message: /^cannot resolve "127.0.0.1" \(DNS lookup failed\)$/ },
      { code: 'ECONNREFUSED', kind: 'refused', message: /^connection refused by 127.0.0.1:9090/ },
      { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', kind: 'tls', message: /self-signed/ },
      { code: 'CERT_HAS_EXPIRED', kind: 'tls', message: /expired/ },
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID', kind: 'tls', message: /hostname mismatch/ },
      { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', kind: 'tls', message: /unknown authority/ },
      { code: 'ERR_SSL_WRONG_VERSION_NUMBER', kind: 'tls', message: /does not speak TLS/ },
      { code: 'ECONNRESET', kind: 'reset', message: /closed the connection/ },
      { code: 'HPE_INVALID_CONSTANT', kind: 'http', message: /did not answer with valid HTTP/ },
    ];
    for (const row of ROWS) {
      it(row.code, async () => {
        const { result } = await run(() => Promise.reject(Object.assign(new Error(`boom ${row.code}`), { code: row.code })));
        assert.equal(result.errorKind, row.kind);
        assert.match(result.message, row.message);
        assert.equal(result.status, undefined);
      });
    }

    it('never shows a secret, even when an error or a body carries one', async () => {
      const auth: FederateRequest['auth'] = { kind: 'basic', username: 'admin', password: 'pa55word' };
      const token = Buffer.from('admin:pa55word').toString('base64');
      const a = await run(() => Promise.reject(Object.assign(new Error('failed for http://admin:pa55word@127.0.0.1/ with pa55word'), { code: 'EWEIRD' })), { auth });
      assert.doesNotMatch(a.result.message, /pa55word/);
      assert.match(a.result.message, /<redacted>@|<secret>/);
      const b = await run({ status: 400, statusText: 'Bad Request', body: `bad header: Basic ${token}` }, { auth });
      assert.doesNotMatch(JSON.stringify(b.result), new RegExp(`pa55word|${token}`));
      const c = await run({ status: 500, statusText: 'Oops', body: 'token tok-123 rejected' }, { auth: { kind: 'authorization', credentials: 'tok-123' } });
      assert.doesNotMatch(c.result.message, /tok-123/);
    });
  });

  describe('what the body is', () => {
    it('HTML is not Prometheus', async () => {
      const { result } = await run({ headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<html></html>' });
      assert.equal(result.errorKind, 'not-prometheus');
      assert.match(result.message, /text\/html, not the Prometheus text format/);
    });

    it('garbage labelled text/plain is not Prometheus', async () => {
      const { result } = await run({ body: 'Hello, world!\nThis is a web server.\n' });
      assert.equal(result.errorKind, 'not-prometheus');
      assert.match(result.message, /line 1: /);
    });

    it('a body with some bad lines fails like the scrape would', async () => {
      const { result } = await run({ body: `${BODY}oops\n` });
      assert.equal(result.errorKind, 'parse');
      assert.match(result.message, /first at line 4: sample has no value/);
      assert.equal(result.summary?.series, 2);
    });

    it('an empty body without match[] says why', async () => {
      const { result } = await run({ body: '' }, { params: {} });
      assert.equal(result.ok, true);
      assert.match(result.message, /no match\[\] parameter/);
    });

    it('an empty body with match[] says nothing matched', async () => {
      const { result } = await run({ body: '' });
      assert.equal(result.ok, true);
      assert.match(result.message, /no series matched/);
    });

    it('rejects a metrics path without a leading slash before sending', async () => {
      const { result, seen } = await run({ body: BODY }, { metricsPath: 'federate' });
      assert.equal(result.errorKind, 'invalid-request');
      assert.equal(seen.length, 0);
    });
  });

  it('buildFederateUrl handles IPv6 targets', () => {
    assert.equal(buildFederateUrl({ scheme: 'https', target: '[::1]:9090', metricsPath: '/federate', params: { 'match[]': ['up'] } }).toString(), 'https://[::1]:9090/federate?match%5B%5D=up');
  });
});
