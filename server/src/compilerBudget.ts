/**
 * How much V8's optimising compiler inlines, for the server and the CLI.
 *
 * A first check of a large config runs cold: each function is interpreted until TurboFan has compiled it, and
 * TurboFan compiles on the second of this machine's two cores, which V8's garbage collector also uses. With
 * V8's default inlining budget (920 bytes of bytecode per function), TurboFan spent ~0.8-1.1 s compiling
 * ~150 functions during a 0.6-0.7 s check of the 5 000-job benchmark (`--trace-opt`), so optimised code came
 * late: the first half of the jobs took twice as long as the second. At 300 bytes it compiles in ~0.55-0.65 s,
 * and the check in process took 8 % less over 25 alternating runs (13-15 % in two shorter series); warm code
 * runs as fast as before (docs/performance.md).
 */
import { setFlagsFromString } from 'node:v8';

const INLINING_BUDGET = '--max-inlined-bytecode-size-cumulative=300';

/** Sets the budget; call before the first check (flags read when a function is optimised). */
export function limitInlining(): void {
  setFlagsFromString(INLINING_BUDGET);
}
