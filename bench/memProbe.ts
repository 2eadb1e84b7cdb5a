/**
 * Preloaded into the language server by bench/hostile.ts (`NODE_OPTIONS=--expose-gc --require`): on SIGUSR2 it
 * forces a full GC and writes the process's memory to $PROMFED_MEM_FILE. Never part of the shipped server.
 */
import fs = require('node:fs');

const file = process.env.PROMFED_MEM_FILE;
if (file) {
  process.on('SIGUSR2', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const m = process.memoryUsage();
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, gc: !!gc }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
