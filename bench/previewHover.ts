/**
 * Latency of a live hover answered from the cache, measured two ways: in process (livePreview.hover: plan,
 * credential resolution, cache lookup, report, Markdown) and end to end over stdio against the bundled server
 * (JSON-RPC framing included). The target is a loopback server of the bench's own with a ~2 MiB /federate body
 * of 10 000 series. Build with `node esbuild.mjs && npx tsc -p tsconfig.test.json`, then
 * `node out/bench/previewHover.js`. Target: a cached hover under 5 ms.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFederateCache } from '../server/src/federate/cache';
import { createFederateClient } from '../server/src/federate/client';
import { createLabelsClient } from '../server/src/federate/labels';
import { createLivePreview } from '../server/src/preview/livePreview';
import { parseConfig } from '../server/src/service';
import { sanitizeSettings } from '../server/src/service/settings';
import { openConfig } from '../test/e2e/preview/lsp';

const SERIES = 10_000;
const ROUNDS = 300;

function body(): string {
  const lines: string[] = [];
  for (let m = 0; m < 200; m++) {
    lines.push(`# TYPE app_metric_${m} untyped`);
    for (let s = 0; s < SERIES / 200; s++) lines.push(`app_metric_${m}{instance="10.0.0.${s}:9100",job="node",region="eu"} ${s} 1700000000000`);
  }
  return lines.join('\n') + '\n';
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(3);
  return `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${sorted[sorted.length - 1].toFixed(3)} ms (${samples.length} hovers)`;
}

async function main(): Promise<void> {
  const text = body();
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const config = `scrape_configs:\n  - job_name: bench\n    honor_labels: true\n    metrics_path: /federate\n    params:\n      match[]: ['{job="node"}']\n    static_configs: [{targets: ['127.0.0.1:${port}']}]\n`;
  console.log(`body ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(1)} MiB, ${SERIES} series`);

  // In process.
  const client = createFederateClient();
  const live = createLivePreview({ client, cache: createFederateCache((r, s) => client.fetchFederate(r, s)), labels: createLabelsClient() });
  const ctx = { model: parseConfig(config).model, settings: sanitizeSettings({ live: { enabled: true } }) };
  const offset = config.indexOf('{job=') + 2;
  const first = performance.now();
  await live.hover(ctx, offset);
  console.log(`in process: first (uncached) hover ${(performance.now() - first).toFixed(1)} ms`);
  for (let i = 0; i < 30; i++) await live.hover(ctx, offset); // JIT and ICU warm-up, not measured
  const inProcess: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await live.hover(ctx, offset);
    inProcess.push(performance.now() - t);
  }
  console.log(`in process, cached: ${stats(inProcess)}`);

  // Over stdio, bundled server.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-bench-'));
  const open = await openConfig(dir, config, { settings: { live: { enabled: true } } });
  try {
    for (let i = 0; i < 30; i++) await open.hover('{job=', 2);
    const overStdio: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      await open.hover('{job=', 2);
      overStdio.push(performance.now() - t);
    }
    console.log(`over stdio, cached (round trip incl. JSON-RPC): ${stats(overStdio)}`);
    console.log(`requests the target saw: ${requests} (1 in process + 1 over stdio expected)`);
  } finally {
    await open.client.shutdown();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
