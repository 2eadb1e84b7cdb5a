/**
 * The hostile-input benchmark: each input of the issue in its own child process (peak RSS read from
 * /proc/<pid>/status VmHWM while the child waits), then the storm leak check against the real server: RSS and
 * heap after a forced GC, before and after 1 000 edits of the 1 000-job config; then the edit latency while a job is
 * typed at the end of the 5 000-job config, and while keys are typed into its `global:` block.
 *
 *   npm run build && npm run compile-tests && node out/bench/hostile.js [inputs] [storms] [typing]
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig, runRules } from '../server/src/service';
import { toDiagnostics } from '../server/src/service/diagnostics';
import { LineIndex } from '../server/src/service/ranges';
import { sanitizeSettings } from '../server/src/service/settings';
import { LspClient } from '../test/lsp/lspClient';
import { createRandom, generateConfig } from './generate';

function billionLaughs(levels: number): string {
  let s = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < levels; i++) s += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  return `${s}scrape_configs: *a${levels - 1}\n`;
}

function mergeBomb(levels: number): string {
  let s = 'x0: &x0 {job_name: x}\n';
  for (let i = 1; i < levels; i++) s += `x${i}: &x${i} {<<: [${Array(10).fill(`*x${i - 1}`).join(', ')}]}\n`;
  return `${s}scrape_configs:\n  - <<: *x${levels - 1}\n`;
}

function randomBytes(n: number): string {
  const random = createRandom(99);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(random() * 256));
  return s;
}

/** The inputs of the issue, generated in the child so the parent's memory stays out of the figures. */
const INPUTS: Record<string, () => string> = {
  'baseline: empty file': () => '',
  'real-sized: 100-job config': () => generateConfig(100),
  'large: 1 000-job config': () => generateConfig(1000),
  'large: 5 000-job config (under the size limit)': () => generateConfig(5000),
  'billion laughs (10 levels of 10 aliases)': () => billionLaughs(10),
  'merge-key bomb (16 levels of 10)': () => mergeBomb(16),
  '16 000 aliases of one job': () => `j: &j {job_name: a}\nscrape_configs: [${Array(16_000).fill('*j').join(', ')}]\n`,
  '10 000 nested flow sequences': () => `scrape_configs: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  '10 000 nested block sequences': () => `scrape_configs:\n${'- '.repeat(10_000)}x\n`,
  '10 000 levels of block indentation (48 MiB)': () => Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
  'a 10 MB single line': () => `scrape_configs: [${'x'.repeat(10 * 1024 * 1024)}]\n`,
  'a 50 MB file': () => `scrape_configs:\n${'  - job_name: a\n'.repeat(Math.ceil((50 * 1024 * 1024) / 16))}`,
  '1 MiB of binary data': () => `scrape_configs:\n${randomBytes(1024 * 1024)}`,
  'NUL bytes in a config': () => generateConfig(100).replace(/job_name: /g, 'job_name: \0'),
  'an unclosed quote in one job of a 5 000-job config (that job parsed with the next)': () =>
    generateConfig(5000).replace('\n    scrape_timeout: 25s\n', '\n    scrape_timeout: "25s\n'),
  'the first job indented deeper than the other 4 999 (whole-text parse, 4 999 outdented items)': () =>
    generateConfig(5000).replace('\n  - job_name:', '\n    - job_name:'),
  'a tab in a 5 000-job config (whole-text parse, tab repaired)': () => generateConfig(5000).replace('\n    honor_labels: true', '\n\t   honor_labels: true'),
  'CRLF 1 000-job config': () => generateConfig(1000).replace(/\n/g, '\r\n'),
  'lone-CR 1 000-job config': () => generateConfig(1000).replace(/\n/g, '\r'),
};

/** Child: analyse one input like the server does, report, then wait so the parent can read VmHWM. */
async function child(name: string): Promise<void> {
  const text = INPUTS[name]();
  const settings = sanitizeSettings({});
  const started = performance.now();
  const parsed = parseConfig(text);
  const findings = runRules(parsed, settings);
  toDiagnostics(findings, parsed.model.document.lines, 'file:///bench.yml', settings);
  const ms = performance.now() - started;
  const codes = [...new Set(findings.map((f) => f.code))].slice(0, 4).join(', ');
  process.stdout.write(`${JSON.stringify({ chars: text.length, ms, findings: findings.length, codes })}\n`);
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
}

function vmHwmKiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
}

async function measure(name: string): Promise<{ chars: number; ms: number; findings: number; codes: string; peakMiB: number }> {
  const proc = spawn(process.execPath, [__filename, '--child', name], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    proc.once('exit', (code) => reject(new Error(`child for "${name}" exited with ${code}`)));
  });
  const peakMiB = vmHwmKiB(proc.pid!) / 1024;
  proc.stdin.end('done\n');
  await new Promise((r) => proc.once('exit', r));
  return { ...JSON.parse(line), peakMiB };
}

async function memoryOf(client: LspClient, file: string): Promise<{ rss: number; heapUsed: number }> {
  fs.rmSync(file, { force: true });
  client.proc.kill('SIGUSR2');
  const started = Date.now();
  while (!fs.existsSync(file)) {
    if (Date.now() - started > 30_000) throw new Error('no memory report from the server');
    await new Promise((r) => setTimeout(r, 20));
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** 1 000 random incremental edits in one write, as fast as the pipe takes them; returns the final text. */
function storm(client: LspClient, uri: string, text: string, firstVersion: number, seed: number): string {
  const random = createRandom(seed);
  const frames: Buffer[] = [];
  for (let version = firstVersion; version < firstVersion + 1000; version++) {
    const lines = new LineIndex(text);
    const start = Math.floor(random() * (text.length + 1));
    const end = random() < 0.5 ? start : Math.min(text.length, start + Math.floor(random() * 8));
    const insert = ['x', ' ', '\n', ':', '- ', '"', 'job_name: a', ''][Math.floor(random() * 8)];
    const range = lines.range(start, end);
    text = text.slice(0, start) + insert + text.slice(end);
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] } }));
    frames.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body);
  }
  client.proc.stdin.write(Buffer.concat(frames));
  return text;
}

/** Storms in a row; the first warms up, the growth over the others is the leak figure. */
const STORMS = 5;

async function stormLeakCheck(): Promise<void> {
  const memFile = path.join(os.tmpdir(), `promfed-mem-${process.pid}.json`);
  const previous = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `--expose-gc --require ${path.join(__dirname, 'memProbe.js')}`;
  process.env.PROMFED_MEM_FILE = memFile;
  const client = new LspClient();
  process.env.NODE_OPTIONS = previous ?? '';
  await client.initialize();
  const uri = 'file:///bench/prometheus.yml';
  let text = generateConfig(1000);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await client.waitForDiagnostics(uri, 1, 120_000);
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  console.log(`\nStorm leak check: the 1 000-job config (${mib(text.length)}), 1 000 edits per storm, memory after a forced GC`);
  console.log('| after | RSS | heap used | storm time |');
  console.log('|---|---|---|---|');
  const opened = await memoryOf(client, memFile);
  console.log(`| open | ${mib(opened.rss)} | ${mib(opened.heapUsed)} | |`);
  const rows: { rss: number; heapUsed: number }[] = [];
  for (let round = 0; round < STORMS; round++) {
    const started = Date.now();
    text = storm(client, uri, text, 2 + round * 1000, 1000 + round);
    await client.waitForDiagnostics(uri, 1001 + round * 1000, 300_000);
    const took = Date.now() - started;
    const m = await memoryOf(client, memFile);
    rows.push(m);
    console.log(`| storm ${round + 1} | ${mib(m.rss)} | ${mib(m.heapUsed)} | ${(took / 1000).toFixed(1)} s |`);
  }
  const [first, last] = [rows[1], rows[rows.length - 1]];
  console.log(`Growth from storm 2 to storm ${STORMS} (storm 1 warms up JIT and caches): RSS ${mib(last.rss - first.rss)}, heap ${mib(last.heapUsed - first.heapUsed)}.`);
  await client.shutdown();
  fs.rmSync(memFile, { force: true });
}

/** A new federation job, typed at the end of the job list: its quotes and brackets stay open for a while. */
const TYPED_JOB = `  - job_name: "global-view"
    honor_labels: true
    metrics_path: /federate
    params:
      'match[]': ['{job="node"}', 'up{env=~"prod|stage"}']
    static_configs:
      - targets: ["prom-eu:9090"]
`;

/** Keys typed into `global:` of the generated config, right below its first line: the global times move down. */
const TYPED_GLOBAL = `  query_log_file: /prometheus/queries.log
  external_labels:
    region: eu-west-1
    replica: a
`;

/**
 * Edit latency while `typed` is typed into the 5 000-job config at `offset`, one character per change, each change
 * waiting for its diagnostics as an editor's keystrokes would (no closing quote or bracket typed for the user).
 */
async function typeInto(title: string, offset: (text: string) => number, typed: string): Promise<void> {
  const client = new LspClient();
  await client.initialize();
  const uri = 'file:///bench/prometheus.yml';
  const text = generateConfig(5000);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await client.waitForDiagnostics(uri, 1, 120_000);
  const times: number[] = [];
  let version = 1;
  // Where the next character goes, moved along as the characters are typed.
  let { line, character } = new LineIndex(text).range(offset(text), offset(text)).start;
  for (const ch of typed) {
    const at = { line, character };
    [line, character] = ch === '\n' ? [line + 1, 0] : [line, character + 1];
    const started = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: at, end: at }, text: ch }] });
    await client.waitForDiagnostics(uri, version, 120_000);
    times.push(performance.now() - started);
  }
  await client.shutdown();
  const sorted = [...times].sort((a, b) => a - b);
  const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`\n${title}, one character per edit (${times.length} edits, each waiting for its diagnostics)`);
  console.log('| median | p95 | max | total |');
  console.log('|---|---|---|---|');
  console.log(`| ${quantile(0.5).toFixed(0)} ms | ${quantile(0.95).toFixed(0)} ms | ${sorted[sorted.length - 1].toFixed(0)} ms | ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s |`);
}

/** A job typed at the end of the 5 000-job config (most versions have a broken last job), then keys typed into its head. */
async function typing(): Promise<void> {
  await typeInto('Typing a federation job at the end of the 5 000-job config', (text) => text.length, TYPED_JOB);
  await typeInto('Typing keys into global: of the 5 000-job config', (text) => text.indexOf('\n', text.indexOf('global:')) + 1, TYPED_GLOBAL);
}

async function inputs(): Promise<void> {
  console.log('Hostile inputs: each analysed in its own process (parse, every rule, diagnostics)');
  console.log('| input | size | time | peak RSS (VmHWM) | result |');
  console.log('|---|---|---|---|---|');
  for (const name of Object.keys(INPUTS)) {
    const r = await measure(name);
    const size = r.chars >= 1024 * 1024 ? `${(r.chars / 1024 / 1024).toFixed(1)} MiB` : `${(r.chars / 1024).toFixed(1)} KiB`;
    console.log(`| ${name} | ${size} | ${r.ms.toFixed(0)} ms | ${r.peakMiB.toFixed(0)} MiB | ${r.findings} findings${r.codes ? ` (${r.codes})` : ''} |`);
  }
}

const PARTS: Record<string, () => Promise<void>> = { inputs, storms: stormLeakCheck, typing };

/** The parts named on the command line, or all of them. */
async function parent(names: readonly string[]): Promise<void> {
  const unknown = names.filter((n) => !PARTS[n]);
  if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}: the parts are ${Object.keys(PARTS).join(', ')}`);
  for (const name of names.length > 0 ? names : Object.keys(PARTS)) await PARTS[name]();
}

if (require.main === module) {
  const at = process.argv.indexOf('--child');
  (at >= 0 ? child(process.argv[at + 1]) : parent(process.argv.slice(2))).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
