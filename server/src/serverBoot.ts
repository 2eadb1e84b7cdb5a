/**
 * The language server's entry point (dist/server.js): sets the V8 flags the server runs under, then loads its bundle
 * (server.ts, built as dist/server-main.js) through the compile cache (compileCache.ts). Once the server has
 * published its first check, and a moment later, the cache is written when there was none it could use: it then
 * holds the checking code too, and the next start compiles none of it.
 */
import * as path from 'node:path';
import { cacheDirectory, loadBundle } from './compileCache';
import { setServerFlags } from './serverFlags';

/** After the first check: the editor may still be sending edits, and writing the cache blocks for ~10-15 ms. */
const SAVE_AFTER_MS = 2000;

setServerFlags();
const bundle = loadBundle(path.join(__dirname, 'server-main.js'), cacheDirectory());
if (bundle.cache !== 'used') {
  void (bundle.exports.firstCheck as Promise<void> | undefined)?.then(() => setTimeout(() => bundle.save(), SAVE_AFTER_MS).unref());
}
