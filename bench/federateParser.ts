/**
 * Throughput and memory of the streaming exposition parser on a ~100 MB /federate-like body, generated chunk by
 * chunk (never one string). Build with `npx tsc -p tsconfig.test.json`, then
 * `node --expose-gc out/bench/federateParser.js [megabytes]`.
 * Targets: >= 50 MB/s and < 64 MB memory growth.
 */
import { createExpositionParser } from '../server/src/federate/exposition';

const TOTAL_BYTES = Number(process.argv[2] ?? 100) * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;
const METRICS = 2000;
const SERIES_PER_METRIC = 50;

/** Yields ~64 KiB chunks of exposition text, cut at arbitrary points (not at line ends), deterministic. */
function* body(total: number): Generator<Buffer> {
  let seed = 42;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let produced = 0;
  let pending = '';
  let metric = 0;
  let series = 0;
  while (produced < total) {
    while (pending.length < CHUNK_BYTES) {
      const name = `app_subsystem_metric_${metric}_total`;
      if (series === 0) pending += `# TYPE ${name} untyped\n`;
      const value = rand(1000) === 0 ? 'NaN' : (rand(1_000_000) / 7).toFixed(3);
      pending +=
        `${name}{instance="10.0.${series % 256}.${metric % 256}:9100",job="node-exporter",` +
        `path="/var/lib/${'x'.repeat(rand(40))}",method="GET",status="${200 + rand(5)}",region="eu-west-1"} ` +
        `${value} ${1_700_000_000_000 + rand(60_000)}\n`;
      if (++series === SERIES_PER_METRIC) {
        series = 0;
        metric = (metric + 1) % METRICS;
      }
    }
    // The last chunk ends at a line end, so the body is valid exposition throughout.
    const cut = produced + CHUNK_BYTES >= total ? pending.lastIndexOf('\n') + 1 : CHUNK_BYTES - rand(200);
    const chunk = Buffer.from(pending.slice(0, cut), 'latin1');
    pending = pending.slice(cut);
    produced += chunk.length;
    yield chunk;
  }
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) collect();
}

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(1);
}

function main(): void {
  // A generation-only pass first, so the heap is already sized for the generator's own garbage and the
  // growth measured below is the parser's.
  for (const chunk of body(TOTAL_BYTES)) void chunk;
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const parser = createExpositionParser();
  let n = 0;
  let generated = 0;
  const t = process.hrtime.bigint();
  let parseNs = 0n;
  for (const chunk of body(TOTAL_BYTES)) {
    const t0 = process.hrtime.bigint();
    generated += chunk.length;
    parser.push(chunk);
    parseNs += process.hrtime.bigint() - t0;
    if (++n % 32 === 0) {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
  }
  const summary = parser.end();
  void summary.series;
  const totalSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, after.rss);
  peakHeap = Math.max(peakHeap, after.heapUsed);

  gc();
  const retained = process.memoryUsage().heapUsed - before.heapUsed;
  const parseSeconds = Number(parseNs) / 1e9;
  const report = {
    bodyMB: Number(mb(generated)),
    series: summary.series,
    metricNames: summary.metricNames,
    errors: summary.errorCount,
    parseSeconds: Number(parseSeconds.toFixed(3)),
    generateAndParseSeconds: Number(totalSeconds.toFixed(3)),
    parserMBps: Number((generated / 1024 / 1024 / parseSeconds).toFixed(1)),
    withGeneratorMBps: Number((generated / 1024 / 1024 / totalSeconds).toFixed(1)),
    rssGrowthMB: Number(mb(peakRss - before.rss)),
    heapGrowthMB: Number(mb(peakHeap - before.heapUsed)),
    retainedHeapAfterGcMB: Number(mb(retained)),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const ok = report.parserMBps >= 50 && report.rssGrowthMB < 64 && summary.errorCount === 0;
  process.stdout.write(ok ? 'targets met (>= 50 MB/s, < 64 MB growth)\n' : 'TARGETS MISSED\n');
  process.exitCode = ok ? 0 : 1;
}

main();
