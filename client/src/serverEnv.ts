/**
 * The environment the language server starts in. Its compile cache (server/src/compileCache.ts) goes to the
 * extension's own storage, which VS Code removes with the extension, unless the environment already names a
 * directory for it or turns it off.
 */
import * as path from 'node:path';
import { CACHE_DIR, CACHE_SWITCH } from '../../server/src/compileCache';

/** `storage`: the extension's global storage folder on this machine, or undefined when it has none. */
export function serverEnv(env: NodeJS.ProcessEnv, storage: string | undefined): NodeJS.ProcessEnv {
  if (storage === undefined || env[CACHE_DIR] || env[CACHE_SWITCH] === '0') return env;
  return { ...env, [CACHE_DIR]: path.join(storage, 'compile-cache') };
}
