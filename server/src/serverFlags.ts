/**
 * The V8 flags the language server runs under. V8 takes a code cache only under the flags it was made with
 * (compileCache.ts), so serverBoot.ts sets them before the server's bundle is compiled; setting them again is
 * harmless.
 */
import { setFlagsFromString } from 'node:v8';
import { limitInlining } from './compilerBudget';

// Memory: every edit of a large config leaves its old text and a multi-megabyte diagnostics message behind,
// and V8's default lets the heap grow to several times what is live before it collects them (peak RSS 490 MiB
// on the 5 000-job benchmark). Collecting at 1.8x what is live keeps the peak near 340 MiB at no measured
// cost in edit latency (npm run bench; docs/performance.md).
const EDIT_HEAP_GROWTH = '--heap-growing-percent=80';

export function setServerFlags(): void {
  setFlagsFromString(EDIT_HEAP_GROWTH);
  limitInlining();
}

/**
 * A document checked from scratch builds its whole tree: there the heap growth above only makes V8 collect more
 * often while the heap grows (~10 % of the first check on 5 000 jobs), and the peak is the same either way.
 * V8's own growth (0: its default) applies for that check only.
 */
export function checkedFromScratch<T>(run: () => T): T {
  setFlagsFromString('--heap-growing-percent=0');
  try {
    return run();
  } finally {
    setFlagsFromString(EDIT_HEAP_GROWTH);
  }
}
