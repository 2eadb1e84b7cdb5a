/**
 * Controls: fixed work that is not promfed's, timed in fresh processes, so that a run's figures can be read
 * against the machine's speed at the time. On the virtual machines these benchmarks run on, work that
 * allocates and reads hundreds of megabytes slowed down by up to 50 % for an hour while arithmetic did not
 * (docs/performance.md), so both kinds are timed.
 */
import { spawnSync } from 'node:child_process';

/** Stays in registers. */
export const ARITHMETIC = 'let x = 0; for (let i = 0; i < 2e8; i++) x = (x * 31 + i) | 0; if (x === 0.5) console.log(x);';
/** Keeps 3 million small objects, as a check keeps its nodes: the young-generation collector copies them. */
export const ALLOCATION =
  'const a = []; for (let i = 0; i < 3e6; i++) a.push({ x: i, y: String(i), z: [i] }); if (a.length === 0.5) console.log(a);';

/** Wall time of `node -e script` in a fresh process, start-up included. */
export function timeScript(script: string): number {
  const t0 = Number(process.hrtime.bigint());
  const r = spawnSync(process.execPath, ['-e', script], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`control failed: ${r.error?.message ?? `exit ${r.status}`}`);
  return (Number(process.hrtime.bigint()) - t0) / 1e6;
}

/** Each control `runs` times, alternating. */
export function timeControls(runs: number): { arithmetic: number[]; allocation: number[] } {
  const out = { arithmetic: [] as number[], allocation: [] as number[] };
  for (let r = 0; r < runs; r++) {
    out.arithmetic.push(timeScript(ARITHMETIC));
    out.allocation.push(timeScript(ALLOCATION));
  }
  return out;
}
