import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { bcryptHash, countSamples, independentUrl, plainGet, selfSignedCert, startPrometheus, tempDir, type Cert, type RunningPrometheus } from '../federate/helpers';
import { liveSettings, openConfig, seriesCounts, type OpenConfig } from './lsp';

const USER = 'admin';
const PASSWORD = 'e2e-Preview-Pa55';
const TOKEN = 'preview-token-0123456789';

/** A loopback server of the test's own: answers `handler`, records each request's Authorization header. */
async function ownServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<{ port: number; seen: (string | undefined)[]; close(): Promise<void> }> {
  const seen: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('live preview over stdio: credentials and TLS from files named by the config', function () {
  this.timeout(120_000);
  let prom: RunningPrometheus;
  let cert: Cert;
  let dir: string;
  let open: OpenConfig | undefined;

  before(async () => {
    const promDir = tempDir('preview-tls');
    cert = selfSignedCert(promDir);
    const webConfig = `tls_server_config:\n  cert_file: ${cert.certFile}\n  key_file: ${cert.keyFile}\nbasic_auth_users:\n  ${USER}: '${bcryptHash(PASSWORD)}'\n`;
    const jobExtra = `    basic_auth:\n      username: ${USER}\n      password: '${PASSWORD}'\n    tls_config:\n      ca_file: ${cert.certFile}`;
    prom = await startPrometheus({ dir: promDir, scheme: 'https', webConfig, jobExtra }, async (base) => {
      const auth = `${USER}:${PASSWORD}`;
      if ((await plainGet(`${base}/-/ready`, { ca: cert.cert, auth })).status !== 200) return false;
      return (await plainGet(independentUrl(base, ['up']), { ca: cert.cert, auth })).body.includes('up{');
    });
    // The config's own directory: credential files are named relative to it.
    dir = tempDir('preview-auth');
    fs.mkdirSync(path.join(dir, 'secrets'));
    fs.writeFileSync(path.join(dir, 'secrets', 'password'), `${PASSWORD}\n`);
    fs.writeFileSync(path.join(dir, 'secrets', 'wrong'), 'not-the-password\n');
    fs.writeFileSync(path.join(dir, 'secrets', 'token'), `  ${TOKEN}\n`);
    fs.copyFileSync(cert.certFile, path.join(dir, 'secrets', 'ca.crt'));
  });
  after(async () => {
    await prom?.stop();
  });
  afterEach(async () => {
    if (open) {
      assert.ok(!open.client.stderr.includes(PASSWORD) && !open.client.stderr.includes(TOKEN), 'no secret in the server log');
      await open.client.shutdown();
    }
    open = undefined;
  });

  const tlsJob = (passwordFile: string, target = `127.0.0.1:${prom.port}`) =>
    [
      'scrape_configs:',
      '  - job_name: federate-tls',
      '    honor_labels: true',
      '    metrics_path: /federate',
      '    scheme: https',
      '    basic_auth:',
      `      username: ${USER}`,
      `      password_file: ${passwordFile}`,
      '    tls_config:',
      '      ca_file: secrets/ca.crt',
      '    params:',
      "      'match[]': ['{__name__=~\"go_.*\"}']",
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n');

  it('reads password_file and ca_file relative to the config, and the counts equal an independent fetch', async () => {
    open = await openConfig(dir, tlsJob('secrets/password'), liveSettings());
    const url = independentUrl(prom.base, ['{__name__=~"go_.*"}']);
    const plain = countSamples((await plainGet(url, { ca: cert.cert, auth: `${USER}:${PASSWORD}` })).body);
    const md = await open.hover('federate-tls');
    assert.match(md, /\*\*200 OK\*\*/, md);
    assert.deepEqual(seriesCounts(md), [plain.series], md);
    assert.ok(!md.includes(PASSWORD));
  });

  it('a wrong password file is a 401 in plain words, without the secret', async () => {
    open = await openConfig(dir, tlsJob('secrets/wrong'), liveSettings());
    const md = await open.hover('federate-tls');
    assert.match(md, /401 Unauthorized.*rejected the job's credentials/, md);
    assert.ok(!md.includes('not-the-password'));
  });

  it('a missing credential file is named in the hover', async () => {
    open = await openConfig(dir, tlsJob('secrets/nope'), liveSettings());
    const md = await open.hover('federate-tls');
    assert.match(md, /not fetched: cannot read basic_auth\.password_file "secrets\/nope": no such file/, md);
  });

  it('sends the bearer token from credentials_file to a loopback server that checks it', async () => {
    const server = await ownServer((req, res) => {
      const ok = req.headers.authorization === `Bearer ${TOKEN}`;
      res.writeHead(ok ? 200 : 401, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(ok ? '# TYPE up untyped\nup{instance="a",job="x"} 1 1700000000000\nup{instance="b",job="x"} 1 1700000000000\n' : 'no');
    });
    try {
      const text = [
        'scrape_configs:',
        '  - job_name: bearer',
        '    metrics_path: /federate',
        '    authorization:',
        '      credentials_file: secrets/token',
        "    params: {'match[]': ['up']}",
        `    static_configs: [{targets: ['127.0.0.1:${server.port}']}]`,
        '',
      ].join('\n');
      open = await openConfig(dir, text, liveSettings());
      const md = await open.hover('bearer');
      assert.deepEqual(seriesCounts(md), [2], md);
      assert.deepEqual(server.seen, [`Bearer ${TOKEN}`]);
    } finally {
      await server.close();
    }
  });

  it('a redirect to another host does not carry the credentials, and the hover says so', async () => {
    const other = await ownServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end('up{job="x"} 1\n');
    });
    const redirecting = await ownServer((req, res) => {
      res.writeHead(302, { Location: `http://127.0.0.1:${other.port}${req.url}` });
      res.end();
    });
    try {
      const text = [
        'scrape_configs:',
        '  - job_name: redirected',
        '    metrics_path: /federate',
        '    bearer_token_file: secrets/token',
        "    params: {'match[]': ['up']}",
        `    static_configs: [{targets: ['127.0.0.1:${redirecting.port}']}]`,
        '',
      ].join('\n');
      open = await openConfig(dir, text, liveSettings());
      const md = await open.hover('redirected');
      assert.deepEqual(redirecting.seen, [`Bearer ${TOKEN}`]);
      assert.deepEqual(other.seen, [undefined]);
      assert.match(md, /credentials were not sent there/, md);
    } finally {
      await Promise.all([other.close(), redirecting.close()]);
    }
  });
});
