import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { createFederateClient, type FederateRequest } from '../../../server/src/federate/client';
import { assertSameAsPlainFetch, bcryptHash, independentUrl, plainGet, selfSignedCert, startPrometheus, tempDir, type Cert, type RunningPrometheus } from './helpers';

const USER = 'admin';
const PASSWORD = 'e2e-Pa55word';

describe('federate e2e: Prometheus with TLS and basic auth (--web.config.file)', function () {
  this.timeout(120_000);
  let prom: RunningPrometheus;
  let cert: Cert;
  let request: FederateRequest;
  const client = createFederateClient({ version: 'e2e' });

  before(async () => {
    const dir = tempDir('prom-tls');
    cert = selfSignedCert(dir);
    const hash = bcryptHash(PASSWORD);
    const webConfig = `tls_server_config:\n  cert_file: ${cert.certFile}\n  key_file: ${cert.keyFile}\nbasic_auth_users:\n  ${USER}: '${hash}'\n`;
    const jobExtra = `    basic_auth:\n      username: ${USER}\n      password: '${PASSWORD}'\n    tls_config:\n      ca_file: ${cert.certFile}`;
    const auth = `${USER}:${PASSWORD}`;
    prom = await startPrometheus({ dir, scheme: 'https', webConfig, jobExtra }, async (base) => {
      const ready = await plainGet(`${base}/-/ready`, { ca: cert.cert, auth });
      if (ready.status !== 200) return false;
      return (await plainGet(independentUrl(base, ['up']), { ca: cert.cert, auth })).body.includes('up{');
    });
    request = {
      scheme: 'https',
      target: `127.0.0.1:${prom.port}`,
      metricsPath: '/federate',
      params: { 'match[]': ['up'] },
      auth: { kind: 'basic', username: USER, password: PASSWORD },
      tls: { ca: cert.cert },
      timeoutMs: 10_000,
    };
  });

  after(async () => {
    await prom?.stop();
  });

  it('fetches over TLS with basic auth, and the counts equal an independent fetch', async () => {
    const selectors = ['{job="prometheus"}'];
    const result = await assertSameAsPlainFetch(prom, selectors, () => client.fetchFederate({ ...request, params: { 'match[]': selectors } }), { ca: cert.cert, auth: `${USER}:${PASSWORD}` });
    assert.equal(result.contentEncoding, 'gzip');
  });

  it('a wrong password is a 401 and the message carries no secret', async () => {
    const result = await client.fetchFederate({ ...request, auth: { kind: 'basic', username: USER, password: 'wrong-secret' } });
    assert.equal(result.status, 401);
    assert.match(result.message, /rejected the job's credentials/);
    assert.doesNotMatch(JSON.stringify(result), /wrong-secret/);
  });

  it('no credentials is a 401 that says the job has none', async () => {
    const result = await client.fetchFederate({ ...request, auth: { kind: 'none' } });
    assert.equal(result.status, 401);
    assert.match(result.message, /has no basic_auth or authorization/);
  });

  it('without the CA the self-signed certificate is named', async () => {
    const result = await client.fetchFederate({ ...request, tls: {} });
    assert.equal(result.errorKind, 'tls');
    assert.match(result.message, /self-signed/);
  });

  it('a server_name the certificate does not carry is a hostname mismatch', async () => {
    const result = await client.fetchFederate({ ...request, tls: { ca: cert.cert, serverName: 'other.example' } });
    assert.equal(result.errorKind, 'tls');
    assert.match(result.message, /hostname mismatch/);
  });

  it('a server_name the certificate carries works', async () => {
    const result = await client.fetchFederate({ ...request, tls: { ca: cert.cert, serverName: 'localhost' } });
    assert.equal(result.ok, true, result.message);
  });

  it('insecure_skip_verify works without the CA', async () => {
    const result = await client.fetchFederate({ ...request, tls: { insecureSkipVerify: true } });
    assert.equal(result.ok, true, result.message);
  });

  it('min_version TLS13 works; max_version TLS11 finds no common version', async () => {
    assert.equal((await client.fetchFederate({ ...request, tls: { ca: cert.cert, minVersion: 'TLS13' } })).ok, true);
    const old = await client.fetchFederate({ ...request, tls: { ca: cert.cert, minVersion: 'TLS10', maxVersion: 'TLS11' } });
    assert.equal(old.errorKind, 'tls');
    assert.match(old.message, /no TLS version both sides accept/);
  });

  it('plain http against the TLS port says to use https', async () => {
    const result = await client.fetchFederate({ ...request, scheme: 'http' });
    assert.equal(result.status, 400);
    assert.match(result.message, /speaks https; set scheme: https/);
  });

  it('tunnels https through an http proxy with CONNECT', async () => {
    const connects: string[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      connects.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as net.AddressInfo;
      const result = await client.fetchFederate({ ...request, proxyUrl: `http://127.0.0.1:${port}` });
      assert.equal(result.ok, true, result.message);
      assert.equal(result.summary?.series, 1);
      assert.deepEqual(connects, [`127.0.0.1:${prom.port}`]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
