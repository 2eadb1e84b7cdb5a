/**
 * The live side of the VS Code end-to-end test: a real Prometheus on loopback (scraping itself every second),
 * a federation config that points at it, an independent count of what its /federate answers, and a loopback
 * recorder that proves when nobody connected.
 */
import * as http from 'node:http';
import type * as net from 'node:net';
import { countSamples, independentUrl, plainGet, startPrometheus, tempDir, type RunningPrometheus } from '../federate/helpers';

/** The two selectors of the live config: disjoint, so the split makes one job per selector. */
export const LIVE_SELECTORS = ['{__name__=~"go_.*"}', 'up'] as const;
export const LIVE_JOB = 'federate-e2e';

/** Prometheus on 127.0.0.1 with a free port, started once it has scraped itself (go_* and up in /federate). */
export function startLivePrometheus(): Promise<RunningPrometheus> {
  return startPrometheus({ dir: tempDir('vscode-prom') }, async (base) => {
    if ((await plainGet(`${base}/-/ready`)).status !== 200) return false;
    const body = (await plainGet(independentUrl(base, [...LIVE_SELECTORS]))).body;
    return body.includes('up{') && body.includes('go_goroutines{');
  });
}

/**
 * A global Prometheus' config federating the server at `target` (host:port). It carries one deliberate mistake
 * (a misspelt global key) so the Problems view has something to list and a quick fix something to fix.
 */
export function liveConfig(target: string): string {
  return [
    '# A global Prometheus that federates one regional Prometheus (in the test: a real one on loopback).',
    'global:',
    '  scrape_interval: 15s',
    '  evaluation_intervall: 15s',
    'scrape_configs:',
    `  - job_name: ${LIVE_JOB}`,
    '    honor_labels: true',
    '    metrics_path: /federate',
    '    params:',
    '      match[]:',
    ...LIVE_SELECTORS.map((s) => `        - '${s}'`),
    '    static_configs:',
    `      - targets: ['${target}']`,
    '',
  ].join('\n');
}

/** Series and metric names /federate returns for `selectors`, counted from the sample lines of a plain GET. */
export async function federateCount(base: string, selectors: readonly string[]): Promise<{ series: number; names: number }> {
  const response = await plainGet(independentUrl(base, [...selectors]));
  if (response.status !== 200) throw new Error(`GET /federate answered ${response.status}: ${response.body.slice(0, 200)}`);
  const counted = countSamples(response.body);
  return { series: counted.series, names: Object.keys(counted.byName).length };
}

/** "33 series, 29 metric names" in a rendered live hover, as numbers. */
export function hoverCounts(text: string): { series: number; names: number } | undefined {
  const m = /([\d,]+) series, ([\d,]+) metric names/.exec(text);
  return m ? { series: Number(m[1].replace(/,/g, '')), names: Number(m[2].replace(/,/g, '')) } : undefined;
}

export interface Recorder {
  readonly port: number;
  /** TCP connections accepted so far. */
  readonly connections: () => number;
  /** Request lines (`GET /federate?...`) seen so far. */
  readonly requests: () => string[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that records every connection and request and forwards requests to `upstream`
 * (host:port): a target that would see promfed if it connected.
 */
export async function startRecorder(upstream: string): Promise<Recorder> {
  const [host, port] = [upstream.slice(0, upstream.lastIndexOf(':')), Number(upstream.slice(upstream.lastIndexOf(':') + 1))];
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const forward = http.request({ host, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (e) => res.writeHead(502).end(String(e)));
    req.pipe(forward);
  });
  server.on('connection', (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    requests: () => [...requests],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
