/**
 * `npm run bench`: promfed's language server and CLI on generated federation configs, side by side with
 * yaml-language-server (SchemaStore's prometheus.json schema) and promtool, in the same run, alternating.
 * Prints one Markdown table per measurement, medians with [min-max] across runs, and the ratios; and the times
 * of two controls that are not promfed's work (controls.ts), at the start and at the end, to read the run against.
 *
 * Knobs: BENCH_SIZES=10,100,1000,5000  BENCH_RUNS=3  BENCH_EDITS=20  BENCH_NO_YLS=1 (skip the comparison).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeControls } from './controls';
import { generateConfig } from './generate';
import { BenchClient } from './lsp';

const REPO = path.resolve(__dirname, '..', '..');
const WORK = path.join(REPO, '.bench');
const TOOLS = path.join(WORK, 'tools');
const YLS_VERSION = '1.25.0'; // the newest release that runs on Node 20 (2.x needs Node 22)
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,5000').split(',').map(Number);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const EDITS = Math.max(1, Number(process.env.BENCH_EDITS ?? 20));
const CONTROL_RUNS = 3;
/** Runs of the start-up series (spawn -> initialize answered). */
const STARTS = 10;
const SCHEMA = [path.join(REPO, '..', 'shared', 'corpus', 'schemastore-prometheus.json'), path.join(REPO, '..', '..', 'shared', 'corpus', 'schemastore-prometheus.json')].find((p) =>
  fs.existsSync(p),
);

type Server = 'promfed' | 'yls';

interface ServerRun {
  /** From spawning the server to its answer to `initialize`. */
  readonly startMs: number;
  readonly firstMs: number;
  readonly editMs: number[];
  readonly hoverMs: number[] | undefined;
  readonly actionMs: number[] | undefined;
  readonly completionMs: number[] | undefined;
  /** One fix-all request (source.fixAll.promfed): on demand, over the whole file. */
  readonly fixAllMs: number;
  readonly rssMiB: number;
  readonly diagnostics: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: readonly number[]) => quantile(xs, 0.5);
function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? s[0];
}

function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x < 10 ? x.toFixed(1) : x.toFixed(0)} ms`;
}

/** Median [min-max] of one figure over the runs. */
function spread(values: readonly number[], fmt: (x: number) => string): string {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return 'n/a';
  return `${fmt(median(v))} [${fmt(Math.min(...v))}-${fmt(Math.max(...v))}]`;
}

function ratio(theirs: readonly number[], ours: readonly number[]): string {
  const t = theirs.filter(Number.isFinite);
  const o = ours.filter(Number.isFinite);
  if (!t.length || !o.length) return 'n/a';
  return `${(median(t) / median(o)).toFixed(1)}x`;
}

/** yaml-language-server in .bench/tools, installed from the npm registry when missing. */
function ensureYls(): { bin: string } | { note: string } {
  if (process.env.BENCH_NO_YLS) return { note: 'BENCH_NO_YLS is set' };
  const bin = path.join(TOOLS, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  if (!fs.existsSync(bin)) {
    process.stderr.write(`installing yaml-language-server@${YLS_VERSION} into ${path.relative(REPO, TOOLS)} ...\n`);
    const r = spawnSync('npm', ['install', '--prefix', TOOLS, '--no-audit', '--no-fund', '--no-save', `yaml-language-server@${YLS_VERSION}`], { encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0 || !fs.existsSync(bin)) {
      const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
      const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network|registry/i.test(output) || r.error !== undefined;
      if (offline) return { note: `the npm registry is unreachable, so yaml-language-server could not be installed (${output.trim().split('\n').pop() ?? r.error?.message})` };
      throw new Error(`npm install yaml-language-server failed:\n${output}`);
    }
  }
  if (!SCHEMA) return { note: 'shared/corpus/schemastore-prometheus.json not found next to the checkout' };
  return { bin };
}

interface Workload {
  readonly jobs: number;
  readonly file: string;
  readonly text: string;
  readonly lines: number;
  /** Where each edit inserts a character: after `job_name: ` of jobs spread over the file. */
  readonly edits: { line: number; character: number }[];
  /** A `metrics_path` key near each edit, for hovers and code actions. */
  readonly probes: { line: number; character: number }[];
}

function createWorkload(jobs: number): Workload {
  const text = generateConfig(jobs);
  const dir = path.join(WORK, 'configs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `federation-${jobs}.yml`);
  fs.writeFileSync(file, text);
  const lines = text.split('\n');
  const jobLines: number[] = [];
  lines.forEach((l, i) => {
    if (l.startsWith('  - job_name: ')) jobLines.push(i);
  });
  const edits: Workload['edits'] = [];
  const probes: Workload['probes'] = [];
  for (let k = 0; k < EDITS; k++) {
    const line = jobLines[Math.floor(((k + 0.5) * jobLines.length) / EDITS)];
    edits.push({ line, character: '  - job_name: '.length });
    let p = line + 1;
    while (p < lines.length && !lines[p].startsWith('    metrics_path:') && !lines[p].startsWith('  - ')) p++;
    probes.push({ line: lines[p]?.startsWith('    metrics_path:') ? p : line, character: lines[p]?.startsWith('    metrics_path:') ? 6 : 6 });
  }
  return { jobs, file, text, lines: lines.length, edits, probes };
}

function ylsSettings(): unknown {
  return {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemaStore: { enable: false },
    schemas: { [pathToFileURL(SCHEMA!).href]: '*.yml' },
    maxItemsComputed: 5000,
  };
}

/** The server's process; promfed's with its compile cache in `cacheDir` (undefined: the cache off). */
function startServer(server: Server, cacheDir: string | undefined, ylsBin?: string): BenchClient {
  if (server === 'yls') return new BenchClient(process.execPath, [ylsBin!, '--stdio']);
  const env = cacheDir ? { ...process.env, PROMFED_CACHE_DIR: cacheDir } : { ...process.env, PROMFED_COMPILE_CACHE: '0' };
  return new BenchClient(process.execPath, [path.join(REPO, 'dist', 'server.js'), '--stdio'], env);
}

function initialize(client: BenchClient, server: Server, w: Workload): Promise<any> {
  return client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(path.dirname(w.file)).href,
    capabilities: server === 'yls' ? { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: {}, hover: { contentFormat: ['markdown'] } } } : {},
  });
}

/**
 * The compile cache every start of promfed's server after the first finds: written by the server a moment after its
 * first check (server/src/serverBoot.ts), here in an untimed run.
 */
async function primeServerCache(w: Workload, cacheDir: string): Promise<void> {
  const client = startServer('promfed', cacheDir);
  const uri = pathToFileURL(w.file).href;
  try {
    await initialize(client, 'promfed', w);
    client.notify('initialized', {});
    const first = client.next((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: w.text } });
    await first;
    const written = () => fs.readdirSync(cacheDir).some((f) => f.startsWith('server-main-'));
    for (const end = now() + 20_000; !written() && now() < end; ) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!written()) throw new Error('the server wrote no compile cache');
  } finally {
    await client.shutdown();
  }
}

/** Spawn -> initialize answered, then shut down. */
async function timeStartUp(server: Server, w: Workload, cacheDir: string | undefined, ylsBin?: string): Promise<number> {
  const t = now();
  const client = startServer(server, cacheDir, ylsBin);
  try {
    await initialize(client, server, w);
    return now() - t;
  } finally {
    await client.shutdown();
  }
}

async function measureServer(server: Server, w: Workload, cacheDir: string, ylsBin?: string): Promise<ServerRun> {
  const t = now();
  const client = startServer(server, cacheDir, ylsBin);
  client.configuration = (section) => (section === 'yaml' ? ylsSettings() : {});
  const uri = pathToFileURL(w.file).href;
  const isDiagnostics = (m: { method?: string; params?: any }) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri;
  try {
    const init = await initialize(client, server, w);
    const startMs = now() - t;
    client.notify('initialized', {});
    if (server === 'yls') client.notify('workspace/didChangeConfiguration', { settings: { yaml: ylsSettings() } });
    // Diagnostics for the opened version (promfed names the version; yaml-language-server may not).
    const wait = (version: number) => client.next((m) => isDiagnostics(m) && (m.params.version === undefined || m.params.version === version));
    let version = 1;
    let diagnostics = 0;
    const t0 = now();
    const first = wait(version);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text: w.text } });
    diagnostics = (await first).params.diagnostics.length;
    const firstMs = now() - t0;
    const editMs: number[] = [];
    for (const at of w.edits) {
      version++;
      const t = now();
      const got = wait(version);
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
      diagnostics = (await got).params.diagnostics.length;
      editMs.push(now() - t);
    }
    let hoverMs: number[] | undefined;
    if (init.capabilities?.hoverProvider) {
      hoverMs = [];
      for (const position of w.probes) {
        const t = now();
        await client.request('textDocument/hover', { textDocument: { uri }, position });
        hoverMs.push(now() - t);
      }
    }
    let actionMs: number[] | undefined;
    if (init.capabilities?.codeActionProvider) {
      actionMs = [];
      for (const position of w.probes) {
        const t = now();
        await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
        actionMs.push(now() - t);
      }
    }
    let completionMs: number[] | undefined;
    if (init.capabilities?.completionProvider) {
      completionMs = [];
      // Inside a job's key, as while typing one.
      for (const position of w.probes) {
        const t = now();
        await client.request('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } });
        completionMs.push(now() - t);
      }
    }
    let fixAllMs = NaN;
    if (server === 'promfed') {
      const position = w.probes[0];
      const t = now();
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [], only: ['source.fixAll.promfed'] } });
      fixAllMs = now() - t;
    }
    const rssMiB = client.peakRssMiB();
    return { startMs, firstMs, editMs, hoverMs, actionMs, completionMs, fixAllMs, rssMiB, diagnostics };
  } finally {
    await client.shutdown();
  }
}

interface ProcessRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMiB: number;
  readonly status: number;
}

/** Runs a command under GNU time: wall time, CPU time and peak RSS. */
function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ProcessRun {
  const r = spawnSync('/usr/bin/time', ['-f', 'BENCHTIME %e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
  const m = /BENCHTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) throw new Error(`could not time ${command}: ${r.stderr}`);
  return { wallMs: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, rssMiB: Number(m[4]) / 1024, status: r.status ?? -1 };
}

function machine(): string {
  const cpu = fs.existsSync('/proc/cpuinfo') ? /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] : os.cpus()[0]?.model;
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${os.cpus().length} CPUs (${cpu ?? 'unknown'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}; load average at start ${load}`;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The /federate stream parser's figures: bench/federateParser.ts prints a JSON report (another part of the project). */
async function federateParserRows(): Promise<string[]> {
  const script = path.join(__dirname, 'federateParser.js');
  if (!fs.existsSync(script)) return ['(bench/federateParser.ts is not on this build: no /federate parser figures)'];
  const r = spawnSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', timeout: 600_000 });
  const json = /\{[\s\S]*\}/.exec(r.stdout ?? '')?.[0];
  if (r.status !== 0 && !json) return [`(bench/federateParser.js failed: ${(r.stderr ?? '').trim().split('\n').pop()})`];
  let report: Record<string, number>;
  try {
    report = JSON.parse(json ?? '');
  } catch {
    return [`(bench/federateParser.js printed no JSON report: ${(r.stdout ?? '').trim().slice(0, 200)})`];
  }
  const num = (k: string, unit: string) => (typeof report[k] === 'number' ? `${report[k]} ${unit}` : 'n/a');
  return [
    '| body | series | parser alone | with generator | RSS growth | heap growth |',
    '|---|---|---|---|---|---|',
    `| ${num('bodyMB', 'MB')} | ${report.series ?? 'n/a'} | ${num('parserMBps', 'MB/s')} | ${num('withGeneratorMBps', 'MB/s')} | ${num('rssGrowthMB', 'MB')} | ${num('heapGrowthMB', 'MB')} |`,
  ];
}

function vsixRow(): string {
  const vsix = fs.readdirSync(REPO).filter((f) => /^promfed-.*\.vsix$/.test(f)).sort().pop();
  if (!vsix) return '(no promfed-*.vsix in the repository root: run the packaging step first to report its size)';
  const bytes = fs.statSync(path.join(REPO, vsix)).size;
  let files = 'unknown';
  try {
    const listing = execFileSync('unzip', ['-l', path.join(REPO, vsix)], { encoding: 'utf8' }).trim().split('\n').pop() ?? '';
    files = /\s(\d+) files?/.exec(listing)?.[1] ?? files;
  } catch (e) {
    files = `unzip failed: ${(e as Error).message}`;
  }
  return `${vsix}: ${size(bytes)}, ${files} files`;
}

async function main(): Promise<void> {
  for (const f of ['server.js', 'cli.js']) if (!fs.existsSync(path.join(REPO, 'dist', f))) throw new Error(`dist/${f} is missing: run npm run build first`);
  const yls = ensureYls();
  const ylsBin = 'bin' in yls ? yls.bin : undefined;
  const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => fs.existsSync(p));
  const out: string[] = [];
  const log = (s = '') => {
    out.push(s);
    process.stdout.write(s + '\n');
  };
  log(`### promfed benchmark (${new Date().toISOString().slice(0, 10)})`);
  log();
  log(`Machine: ${machine()}.`);
  const controlsBefore = timeControls(CONTROL_RUNS);
  log(`${RUNS} runs per server and size, servers alternating; ${EDITS} single-character edits spread over the file per run. Figures are medians [min-max] over the runs; the p95 of a run is over its ${EDITS} edits.`);
  if (ylsBin) log(`Compared with yaml-language-server ${YLS_VERSION} and the SchemaStore prometheus.json schema.`);
  else log(`yaml-language-server not compared: ${(yls as { note: string }).note}.`);
  log();
  const serverRows: string[] = [];
  const cliRows: string[] = [];
  const fixAllRows: string[] = [];
  // The compile caches of the server and the CLI (server/src/compileCache.ts) for this run only, not the user's.
  const compileCache = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-bench-cache-'));
  await primeServerCache(createWorkload(Math.min(...SIZES)), compileCache);
  for (const jobs of SIZES) {
    const w = createWorkload(jobs);
    const runs: Record<Server, ServerRun[]> = { promfed: [], yls: [] };
    for (let r = 0; r < RUNS; r++) {
      const order: Server[] = ylsBin ? (r % 2 === 0 ? ['promfed', 'yls'] : ['yls', 'promfed']) : ['promfed'];
      for (const s of order) {
        process.stderr.write(`${jobs} jobs, run ${r + 1}/${RUNS}: ${s} ...\n`);
        runs[s].push(await measureServer(s, w, compileCache, ylsBin));
      }
    }
    const label = `${jobs} (${w.lines.toLocaleString('en')} lines, ${size(Buffer.byteLength(w.text))})`;
    const row = (s: Server, name: string) => {
      const rs = runs[s];
      return `| ${label} | ${name} | ${spread(rs.map((x) => x.startMs), ms)} | ${spread(rs.map((x) => x.firstMs), ms)} | ${spread(rs.map((x) => median(x.editMs)), ms)} | ${spread(rs.map((x) => quantile(x.editMs, 0.95)), ms)} | ${spread(rs.map((x) => (x.hoverMs ? quantile(x.hoverMs, 0.95) : NaN)), ms)} | ${spread(rs.map((x) => (x.actionMs ? quantile(x.actionMs, 0.95) : NaN)), ms)} | ${spread(rs.map((x) => (x.completionMs ? quantile(x.completionMs, 0.95) : NaN)), ms)} | ${spread(rs.map((x) => x.rssMiB), (v) => `${v.toFixed(0)} MiB`)} | ${runs[s][0]?.diagnostics ?? 'n/a'} |`;
    };
    serverRows.push(row('promfed', 'promfed'));
    fixAllRows.push(`| ${label} | ${spread(runs.promfed.map((x) => x.fixAllMs), ms)} |`);
    if (ylsBin) {
      serverRows.push(row('yls', 'yaml-language-server'));
      const p = runs.promfed;
      const y = runs.yls;
      serverRows.push(
        `| ${label} | **yaml-language-server / promfed** | | **${ratio(y.map((x) => x.firstMs), p.map((x) => x.firstMs))}** | **${ratio(y.map((x) => median(x.editMs)), p.map((x) => median(x.editMs)))}** | **${ratio(y.map((x) => quantile(x.editMs, 0.95)), p.map((x) => quantile(x.editMs, 0.95)))}** | | | | **${ratio(y.map((x) => x.rssMiB), p.map((x) => x.rssMiB))}** | |`,
      );
    }
    // The CLI against promtool on the same file, alternating; the CLI with its compile cache (made by an untimed
    // first check, as any check after the first finds it) and without it.
    const cli: ProcessRun[] = [];
    const cold: ProcessRun[] = [];
    const prom: ProcessRun[] = [];
    const cliArgs = [path.join(REPO, 'dist', 'cli.js'), 'check', w.file];
    timeCommand(process.execPath, cliArgs, { PROMFED_CACHE_DIR: compileCache });
    for (let r = 0; r < RUNS; r++) {
      cli.push(timeCommand(process.execPath, cliArgs, { PROMFED_CACHE_DIR: compileCache }));
      cold.push(timeCommand(process.execPath, cliArgs, { PROMFED_COMPILE_CACHE: '0' }));
      if (promtool) prom.push(timeCommand(promtool, ['check', 'config', '--syntax-only', w.file]));
    }
    cliRows.push(
      `| ${label} | ${spread(cli.map((x) => x.wallMs), ms)} | ${spread(cold.map((x) => x.wallMs), ms)} | ${spread(cli.map((x) => x.cpuMs), ms)} | ${spread(cli.map((x) => x.rssMiB), (v) => `${v.toFixed(0)} MiB`)} | ${promtool ? spread(prom.map((x) => x.wallMs), ms) : 'n/a'} | ${promtool ? spread(prom.map((x) => x.cpuMs), ms) : 'n/a'} | ${promtool ? spread(prom.map((x) => x.rssMiB), (v) => `${v.toFixed(0)} MiB`) : 'n/a'} | ${promtool ? ratio(prom.map((x) => x.wallMs), cli.map((x) => x.wallMs)) : 'n/a'} |`,
    );
  }
  const starts: Record<string, number[]> = { cached: [], cold: [], yls: [] };
  const startWorkload = createWorkload(Math.min(...SIZES));
  for (let r = 0; r < STARTS; r++) {
    starts.cached.push(await timeStartUp('promfed', startWorkload, compileCache));
    starts.cold.push(await timeStartUp('promfed', startWorkload, undefined));
    if (ylsBin) starts.yls.push(await timeStartUp('yls', startWorkload, undefined, ylsBin));
  }
  const startRows = [
    `| promfed | ${spread(starts.cached, ms)} |`,
    `| promfed without its compile cache (the first start after an install or an upgrade) | ${spread(starts.cold, ms)} |`,
    ...(ylsBin ? [`| yaml-language-server ${YLS_VERSION} | ${spread(starts.yls, ms)} |`] : []),
  ];
  log('#### Language server');
  log();
  log('| federate jobs (lines, size) | server | start-up | first diagnostics | edit -> diagnostics median | edit -> diagnostics p95 | hover p95 | code action p95 | completion p95 | peak RSS (VmHWM) | diagnostics |');
  log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of serverRows) log(r);
  log();
  log('Ratios are yaml-language-server\'s median over promfed\'s (higher is better for promfed). n/a: the server does not offer that request. Start-up: from spawning the server to its answer to `initialize`; promfed\'s with the compile cache its first start wrote (every start after the first). First diagnostics: from `didOpen` to the diagnostics of that version.');
  log();
  log(`Start-up alone (${STARTS} runs each, alternating):`);
  log();
  log('| server | start-up (spawn -> initialize answered) |');
  log('|---|---|');
  for (const r of startRows) log(r);
  log();
  log('Fix all (`source.fixAll.promfed`, requested on demand; it re-derives every fix over the whole file):');
  log();
  log('| federate jobs (lines, size) | promfed fix-all code action |');
  log('|---|---|');
  for (const r of fixAllRows) log(r);
  log();
  log('#### CLI');
  log();
  log(`| federate jobs (lines, size) | promfed check (wall) | without its compile cache (wall) | promfed check (CPU) | promfed peak RSS | promtool check config (wall) | promtool (CPU) | promtool peak RSS | promtool / promfed (wall) |`);
  log('|---|---|---|---|---|---|---|---|---|');
  for (const r of cliRows) log(r);
  fs.rmSync(compileCache, { recursive: true, force: true });
  log();
  log('promfed check (wall): with the compile cache an earlier check made (every check after the first); without it: the first check after an install or an upgrade of Node.');
  if (!promtool) log('(promtool not installed: Debian package prometheus)');
  log();
  const controlsAfter = timeControls(CONTROL_RUNS);
  log('#### Machine controls');
  log();
  log(`Fixed work that is not promfed's, in fresh processes (${CONTROL_RUNS} runs each, at the start and at the end of this run): compare runs whose controls agree.`);
  log();
  log('| control | at the start | at the end |');
  log('|---|---|---|');
  log(`| arithmetic loop | ${spread(controlsBefore.arithmetic, ms)} | ${spread(controlsAfter.arithmetic, ms)} |`);
  log(`| allocation loop (3 M small objects kept) | ${spread(controlsBefore.allocation, ms)} | ${spread(controlsAfter.allocation, ms)} |`);
  log();
  log('#### /federate stream parser');
  log();
  for (const r of await federateParserRows()) log(r);
  log();
  log('#### Extension package');
  log();
  log(vsixRow());
  fs.writeFileSync(path.join(WORK, 'last-run.md'), out.join('\n') + '\n');
  process.stderr.write(`table also written to ${path.relative(REPO, path.join(WORK, 'last-run.md'))}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
