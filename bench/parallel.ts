/**
 * `npm run bench:parallel`: how much a second core can give a cold check, before anyone builds a split.
 *
 * A check of the 5 000-job file split in two (the head and the first part of the jobs, the head and the rest)
 * run by two processes at once is the best any two-way split of the check could do: no copy of the text, no
 * merge of the results, no duplicate parse. It is timed against the whole file in one process, alternating.
 * A loop of arithmetic, alone and twice at once, is the control: it shows whether the machine's cores are
 * separate for work that stays in registers. The check allocates hundreds of megabytes, and that is where
 * two cores of a virtual machine may share more than the arithmetic does.
 *
 * Knobs: BENCH_RUNS=5  BENCH_JOBS=5000.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ARITHMETIC } from './controls';
import { generateConfig } from './generate';

const REPO = path.resolve(__dirname, '..', '..');
const WORK = path.join(REPO, '.bench', 'parallel');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const JOBS = Math.max(2, Number(process.env.BENCH_JOBS ?? 5000));
/** The first part's share of the jobs; both parts carry the whole head. */
const FIRST_SHARE = 0.5;

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Runs the commands at once; the time until the last one has exited. */
function together(commands: readonly string[][]): Promise<number> {
  const start = now();
  return Promise.all(
    commands.map(
      ([cmd, ...args]) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(cmd, args, { stdio: 'ignore' });
          child.on('error', reject);
          // promfed check exits 1 when it finds errors: only a crash (a signal, or 2: unreadable) is a failure.
          child.on('exit', (code, signal) => (signal || code === 2 ? reject(new Error(`${args.join(' ')}: exit ${code ?? signal}`)) : resolve()));
        }),
    ),
  ).then(() => now() - start);
}

/** The config's head (everything before the first job) and its jobs, each from its `- job_name:` line. */
function splitConfig(text: string): { head: string; jobs: string[] } {
  const first = text.indexOf('\n  - job_name: ') + 1;
  const jobs = text.slice(first).split(/(?=^ {2}- job_name: )/m);
  return { head: text.slice(0, first), jobs };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

function cell(xs: readonly number[]): string {
  return `${Math.round(median(xs))} ms [${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}]`;
}

async function main(): Promise<void> {
  const cli = path.join(REPO, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
  fs.mkdirSync(WORK, { recursive: true });
  const text = generateConfig(JOBS);
  const { head, jobs } = splitConfig(text);
  if (jobs.length !== JOBS) throw new Error(`the generated config split into ${jobs.length} jobs, not ${JOBS}`);
  const cut = Math.round(jobs.length * FIRST_SHARE);
  const files = { whole: path.join(WORK, 'whole.yml'), a: path.join(WORK, 'first.yml'), b: path.join(WORK, 'rest.yml') };
  fs.writeFileSync(files.whole, text);
  fs.writeFileSync(files.a, head + jobs.slice(0, cut).join(''));
  fs.writeFileSync(files.b, head + jobs.slice(cut).join(''));
  const node = process.execPath;
  const check = (file: string) => [node, cli, 'check', file];
  const arithmetic = [node, '-e', ARITHMETIC];

  const t = { arithOne: [] as number[], arithTwo: [] as number[], whole: [] as number[], halves: [] as number[], first: [] as number[], rest: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    t.arithOne.push(await together([arithmetic]));
    t.arithTwo.push(await together([arithmetic, arithmetic]));
    t.whole.push(await together([check(files.whole)]));
    t.halves.push(await together([check(files.a), check(files.b)]));
    t.first.push(await together([check(files.a)]));
    t.rest.push(await together([check(files.b)]));
  }
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const gain = (one: number[], split: number[]) => `${(median(one) / median(split)).toFixed(2)}x`;
  const lines = [
    `promfed bench:parallel: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${RUNS} alternating runs, medians [min-max]; load average at the end ${load}`,
    '',
    `| work | one process | split in two, two processes at once | gain from the second core |`,
    '|---|---|---|---|',
    `| arithmetic loop (control): once, and twice at once | ${cell(t.arithOne)} | ${cell(t.arithTwo)} (twice the work) | ${((2 * median(t.arithOne)) / median(t.arithTwo)).toFixed(2)}x |`,
    `| promfed check, ${JOBS} jobs (${(text.length / 1024 / 1024).toFixed(1)} MB): whole file, and its two halves at once | ${cell(t.whole)} | ${cell(t.halves)} | ${gain(t.whole, t.halves)} |`,
    '',
    `Each half alone: ${cell(t.first)} (first ${cut} jobs), ${cell(t.rest)} (the other ${jobs.length - cut}); a perfect split would take the longer of the two.`,
  ];
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
