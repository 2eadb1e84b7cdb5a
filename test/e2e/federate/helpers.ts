/** Shared pieces of the /federate end-to-end tests: a real Prometheus on loopback, certificates, waiting. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as assert from 'node:assert/strict';
import type { FederateResult } from '../../../server/src/federate/client';

export const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';

/** Throws (the test fails, it does not skip) when a required program is missing. */
export function requireProgram(file: string, hint: string): void {
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    throw new Error(`${file} is required for this end-to-end test (${hint})`);
  }
}

export function which(program: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const file = path.join(dir, program);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      continue;
    }
  }
  return null;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `promfed-${prefix}-`));
}

/** A port that was free a moment ago on `host` (bind port 0, read it, close). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Thrown by a probe to stop waiting at once (e.g. the process died). */
export class StopWaiting extends Error {}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      if (e instanceof StopWaiting) throw e;
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves when `promise` does, fails after `timeoutMs` with a message naming the event. */
export function within<T>(what: string, timeoutMs: number, promise: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export interface PlainResponse {
  status: number;
  body: string;
}

/** An independent GET with node:http/https, no compression, for cross-checking the client. */
export function plainGet(url: string, options: { ca?: string; auth?: string; headers?: Record<string, string> } = {}): Promise<PlainResponse> {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(u, { ca: options.ca, auth: options.auth, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
  });
}

/** Counts sample lines and names with a plain line split: the oracle for the streaming parser. */
export function countSamples(body: string): { series: number; byName: Record<string, number> } {
  const byName: Record<string, number> = {};
  let series = 0;
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    series++;
    const name = line.split(/[{ ]/, 1)[0];
    byName[name] = (byName[name] ?? 0) + 1;
  }
  return { series, byName };
}

export interface Cert {
  readonly cert: string;
  readonly key: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl in `dir`. */
export function selfSignedCert(dir: string, name = 'server'): Cert {
  requireProgram(which('openssl') ?? '/usr/bin/openssl', 'install openssl');
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'pipe' });
  return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

/** A self-signed certificate valid only on 1-2 January 2020 (openssl ca can set past dates; req cannot). */
export function expiredCert(dir: string): Cert {
  requireProgram(which('openssl') ?? '/usr/bin/openssl', 'install openssl');
  const keyFile = path.join(dir, 'expired.key');
  const csr = path.join(dir, 'expired.csr');
  const certFile = path.join(dir, 'expired.crt');
  const conf = path.join(dir, 'ca.cnf');
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '01\n');
  fs.writeFileSync(conf, `[ca]\ndefault_ca=d\n[d]\ndatabase=${dir}/index.txt\nnew_certs_dir=${dir}\nserial=${dir}/serial\ndefault_md=sha256\npolicy=p\ncopy_extensions=copy\n[p]\ncommonName=supplied\n`);
  execFileSync('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  execFileSync('openssl', ['ca', '-selfsign', '-keyfile', keyFile, '-in', csr, '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-batch', '-config', conf, '-out', certFile], { stdio: 'pipe' });
  return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

/** A bcrypt hash for Prometheus' web config: htpasswd when present, else the system crypt(3) through perl. */
export function bcryptHash(password: string): string {
  const htpasswd = which('htpasswd');
  if (htpasswd) {
    const line = execFileSync(htpasswd, ['-nbB', '-C', '5', 'user', password], { encoding: 'utf8' }).trim();
    return line.slice(line.indexOf(':') + 1);
  }
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  // bcrypt wants 22 salt characters whose last one carries only 2 bits.
  const salt = [...randomBytes(21)].map((b) => alphabet[b % 64]).join('') + '.Oeu'[randomBytes(1)[0] % 4];
  const perl = which('perl');
  if (!perl) throw new Error('neither htpasswd (apache2-utils) nor perl is available to make a bcrypt hash');
  const hash = execFileSync(perl, ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, `$2b$05$${salt}`], { encoding: 'utf8' });
  if (!hash.startsWith('$2b$05$')) throw new Error(`crypt(3) here does not do bcrypt (got "${hash.slice(0, 8)}…"); install apache2-utils`);
  return hash;
}

export interface RunningPrometheus {
  readonly port: number;
  readonly base: string;
  readonly dir: string;
  readonly process: ChildProcess;
  /** Its stderr so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface PrometheusSetup {
  /** Extra lines for the self-scrape job (indented by the caller to sit under `- job_name`). */
  readonly jobExtra?: string;
  readonly scheme?: 'http' | 'https';
  /** Content of --web.config.file. */
  readonly webConfig?: string;
  readonly dir?: string;
}

/** Starts the Debian Prometheus on 127.0.0.1 scraping itself every second, and waits until it has data. */
export async function startPrometheus(setup: PrometheusSetup, probe: (base: string) => Promise<boolean>): Promise<RunningPrometheus> {
  requireProgram(PROMETHEUS, 'apt-get install prometheus, or set PROMETHEUS_BIN');
  const dir = setup.dir ?? tempDir('prom');
  const port = await freePort();
  const scheme = setup.scheme ?? 'http';
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    '  external_labels:',
    '    region: e2e',
    'scrape_configs:',
    '  - job_name: prometheus',
    `    scheme: ${scheme}`,
    ...(setup.jobExtra ? [setup.jobExtra] : []),
    '    static_configs:',
    `      - targets: ['127.0.0.1:${port}']`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const args = [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ];
  if (setup.webConfig) {
    fs.writeFileSync(path.join(dir, 'web.yml'), setup.webConfig);
    args.push(`--web.config.file=${path.join(dir, 'web.yml')}`);
  }
  const child = spawn(PROMETHEUS, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running: RunningPrometheus = {
    port,
    base: `${scheme}://127.0.0.1:${port}`,
    dir,
    process: child,
    log: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor('Prometheus to be ready and to have scraped itself', 60_000, async () => {
      if (child.exitCode !== null) throw new StopWaiting(`prometheus exited with ${child.exitCode}:\n${stderr}`);
      return (await probe(running.base)) ? true : undefined;
    });
  } catch (e) {
    await running.stop();
    throw new Error(`${(e as Error).message}\n--- prometheus log ---\n${stderr}`);
  }
  return running;
}

/** The same URL, built independently of the client: URLSearchParams, not our Go-style encoder. */
export function independentUrl(base: string, selectors: string[]): string {
  const query = new URLSearchParams(selectors.map((s): [string, string] => ['match[]', s]));
  return `${base}/federate?${query.toString()}`;
}

/**
 * Fetches with the client between two plain fetches until the plain ones agree (the self-scrape adds series
 * now and then), then checks the client saw exactly what they saw.
 */
export async function assertSameAsPlainFetch(
  prom: RunningPrometheus,
  selectors: string[],
  fetch: () => Promise<FederateResult>,
  plain: { ca?: string; auth?: string } = {},
): Promise<FederateResult> {
  const url = independentUrl(prom.base, selectors);
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = countSamples((await plainGet(url, plain)).body);
    const result = await fetch();
    const after = countSamples((await plainGet(url, plain)).body);
    if (before.series !== after.series || JSON.stringify(sorted(before.byName)) !== JSON.stringify(sorted(after.byName))) continue;
    assert.equal(result.ok, true, result.message);
    assert.ok(before.series > 0, 'the selectors match something');
    assert.equal(result.summary?.series, before.series);
    assert.deepEqual(sorted(result.summary!.seriesByMetric), sorted(before.byName));
    assert.equal(result.summary?.metricNames, Object.keys(before.byName).length);
    return result;
  }
  throw new Error('the series set never held still for three fetches in a row');
}

function sorted(o: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}

