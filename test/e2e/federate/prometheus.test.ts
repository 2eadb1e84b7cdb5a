import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { combineSummaries } from '../../../server/src/federate/exposition';
import { createFederateClient, type FederateRequest } from '../../../server/src/federate/client';
import { assertSameAsPlainFetch, independentUrl, plainGet, startPrometheus, within, type RunningPrometheus } from './helpers';

describe('federate e2e: a real Prometheus on loopback (plain http)', function () {
  this.timeout(120_000);
  let prom: RunningPrometheus;
  const client = createFederateClient({ version: 'e2e' });
  let request: FederateRequest;

  before(async () => {
    prom = await startPrometheus({}, async (base) => {
      const ready = await plainGet(`${base}/-/ready`);
      if (ready.status !== 200) return false;
      const data = await plainGet(independentUrl(base, ['{__name__=~"go_.*"}', 'up']));
      return data.body.includes('up{') && data.body.includes('go_goroutines');
    });
    request = { scheme: 'http', target: `127.0.0.1:${prom.port}`, metricsPath: '/federate', params: {}, timeoutMs: 10_000 };
  });

  after(async () => {
    await prom?.stop();
  });

  for (const compression of [true, false]) {
    it(`counts equal an independent fetch: everything of the job, compression ${compression ? 'on' : 'off'}`, async () => {
      const selectors = ['{job="prometheus"}'];
      const result = await assertSameAsPlainFetch(prom, selectors, () => client.fetchFederate({ ...request, params: { 'match[]': selectors }, enableCompression: compression }));
      if (compression) {
        assert.equal(result.contentEncoding, 'gzip');
        assert.ok(result.bytesOnWire < result.bytesUncompressed / 3, `${result.bytesOnWire} vs ${result.bytesUncompressed}`);
      } else {
        assert.equal(result.bytesOnWire, result.bytesUncompressed);
      }
      const s = result.summary!;
      assert.equal(s.errorCount, 0);
      assert.match(result.contentType ?? '', /^text\/plain; version=0\.0\.4/);
      assert.ok(s.types.untyped > 0 && Object.keys(s.types).length === 1, 'federation types everything untyped');
      assert.ok(s.seriesByMetric.prometheus_http_request_duration_seconds_bucket > 0, 'histograms come as _bucket series');
      assert.equal(s.samplesWithTimestamp, s.series, 'every federated sample carries its timestamp');
      const now = Date.now();
      assert.ok(s.maxTimestampMs! <= now + 1000 && s.minTimestampMs! > now - 5 * 60_000, 'timestamps within the lookback window');
      assert.ok(s.preview[0].startsWith('# TYPE '));
    });
  }

  it('counts equal an independent fetch for several selectors (union, no duplicates)', async () => {
    const selectors = ['{__name__=~"go_.*"}', 'up', 'go_goroutines'];
    const result = await assertSameAsPlainFetch(prom, selectors, () => client.fetchFederate({ ...request, params: { 'match[]': selectors } }));
    assert.ok(result.summary!.seriesByMetric.up >= 1);
  });

  it('per-selector fetches add up to the combined fetch for disjoint selectors', async () => {
    const selectors = ['{__name__=~"go_.*"}', 'up'];
    await assertSameAsPlainFetch(prom, selectors, async () => {
      const parts = await Promise.all(selectors.map((s) => client.fetchFederate({ ...request, params: { 'match[]': [s] } })));
      const summary = combineSummaries(parts.map((p) => p.summary!));
      return { ...parts[0], ok: parts.every((p) => p.ok), summary };
    });
  });

  it('external labels are on every series; the label statistics match a plain count', async () => {
    const result = await client.fetchFederate({ ...request, params: { 'match[]': ['up'] } });
    assert.equal(result.ok, true, result.message);
    const s = result.summary!;
    const plain = (await plainGet(independentUrl(prom.base, ['up']))).body;
    const line = plain.split('\n').find((l) => l.startsWith('up{'))!;
    assert.match(line, /region="e2e"/);
    const labels = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}')).split('",').length;
    assert.equal(s.maxLabelsPerSeries, labels);
    assert.equal(s.labelPairs, labels * s.series);
  });

  it('an invalid selector gets Prometheus\' own parse error, quoted', async () => {
    const result = await client.fetchFederate({ ...request, params: { 'match[]': ['up[5m]'] } });
    assert.equal(result.status, 400);
    assert.equal(result.errorKind, 'http');
    assert.match(result.body400 ?? '', /parse error/);
    assert.match(result.message, /^400 Bad Request: Prometheus rejected the request: "1:3: parse error: .+"$/);
  });

  it('no match[] gives an empty 200, and the message says why', async () => {
    const result = await client.fetchFederate({ ...request, params: {} });
    assert.equal(result.ok, true);
    assert.equal(result.summary?.series, 0);
    assert.match(result.message, /no match\[\] parameter/);
  });

  it('a wrong metrics path is a 404 with a hint', async () => {
    const result = await client.fetchFederate({ ...request, metricsPath: '/federation', params: { 'match[]': ['up'] } });
    assert.equal(result.status, 404);
    assert.match(result.message, /not a Prometheus \/federate endpoint\?/);
  });

  it('https against the plain-http port is a TLS error that says so', async () => {
    const result = await client.fetchFederate({ ...request, scheme: 'https', params: { 'match[]': ['up'] } });
    assert.equal(result.errorKind, 'tls');
    assert.match(result.message, /does not speak TLS/);
  });

  it('goes through an http proxy with an absolute URI and Proxy-Authorization', async () => {
    const seen: { method?: string; url?: string; proxyAuth?: string }[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, proxyAuth: req.headers['proxy-authorization'] });
      const upstream = http.request(req.url!, { method: req.method, headers: { ...req.headers, 'proxy-authorization': '' } }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as net.AddressInfo;
      const result = await client.fetchFederate({ ...request, params: { 'match[]': ['up'] }, proxyUrl: `http://pu:pp@127.0.0.1:${port}` });
      assert.equal(result.ok, true, result.message);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].url, `http://127.0.0.1:${prom.port}/federate?match%5B%5D=up`);
      assert.equal(seen[0].proxyAuth, `Basic ${Buffer.from('pu:pp').toString('base64')}`);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('cancelling mid-flight against the real server returns at once', async () => {
    const controller = new AbortController();
    const pending = client.fetchFederate({ ...request, params: { 'match[]': ['{job="prometheus"}'] } }, controller.signal);
    controller.abort();
    const result = await within('the cancelled fetch to return', 2000, pending);
    assert.equal(result.errorKind, 'aborted');
  });
});
