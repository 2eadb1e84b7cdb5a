/**
 * A compile cache for the bundles of the CLI and the language server: V8's code cache of a bundle, kept in the user's
 * cache directory, so that a second `promfed check` or server start neither parses the bundle again nor compiles
 * again the functions the first run compiled. What Node 22 offers as `module.enableCompileCache()`, for the Node
 * versions that lack it.
 *
 * The cache is an optimisation only: any failure (no home directory, a read-only disk, a file that is not whole, a
 * cache V8 rejects because Node, the flags or the bundle changed) compiles the bundle as usual and says nothing. V8 checks its own version,
 * flags and the source's length; the file name carries a hash of the source, Node's version and the flags too, so
 * each bundle and runtime has its own file. A directory another user could write to is not used.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** Set to `0` to turn the cache off; PROMFED_CACHE_DIR names another directory for it. */
export const CACHE_SWITCH = 'PROMFED_COMPILE_CACHE';
export const CACHE_DIR = 'PROMFED_CACHE_DIR';
/** Cache files kept per bundle name (a few Node versions side by side); older ones are removed. */
const KEEP = 3;
/** A temporary cache file older than this was left by a process that died writing it. */
const STALE_MS = 60 * 60 * 1000;

export interface LoadedBundle {
  readonly exports: Record<string, unknown>;
  /** `used`: compiled from the cache; `rejected`: the file was not whole or V8 refused it; `none`: no cache (or it is off). */
  readonly cache: 'used' | 'rejected' | 'none';
  /** Writes the code cache of what has been compiled so far, unless it was read from there; true when written. */
  save(): boolean;
}

/** The cache directory from the environment: PROMFED_CACHE_DIR, else the platform's per-user cache directory. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env[CACHE_SWITCH] === '0') return undefined;
  const own = env[CACHE_DIR];
  if (own) return path.resolve(own);
  let home: string;
  try {
    home = os.homedir();
  } catch {
    return undefined;
  }
  if (!home) return undefined;
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'promfed', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'promfed');
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'promfed');
}

/** Whether a directory is ours alone: owned by this user and writable by no one else (POSIX). */
function isPrivate(dir: string): boolean {
  const st = fs.statSync(dir);
  if (!st.isDirectory()) return false;
  if (typeof process.getuid !== 'function') return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** The bundle's cache file: one per source text, Node version, architecture and set of flags. */
function cacheFile(dir: string, file: string, source: string): string {
  const hash = createHash('sha256');
  for (const part of [source, process.version, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? '']) hash.update(part).update('\0');
  return path.join(dir, `${path.basename(file, '.js')}-${hash.digest('hex').slice(0, 24)}.v8cache`);
}

/** Bytes of the SHA-256 of the cache data that head the file. */
const CHECKSUM = 32;

const checksum = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

/**
 * The cache data in `name`: undefined when there is none to read, null when the file is not whole (its checksum
 * disagrees). V8 checks a cache's version, flags and length, but in a release build not its bytes.
 */
function readCache(dir: string | undefined, name: string): Buffer | null | undefined {
  if (!dir) return undefined;
  let file: Buffer;
  try {
    if (!isPrivate(dir)) return undefined;
    file = fs.readFileSync(name);
  } catch {
    return undefined;
  }
  const data = file.subarray(CHECKSUM);
  return file.length > CHECKSUM && checksum(data).equals(file.subarray(0, CHECKSUM)) ? data : null;
}

/** Writes `data` to `name` through a temporary file, so that a reader never sees half a cache; prunes old files. */
function writeCache(dir: string, name: string, data: Buffer): boolean {
  const temp = `${name}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isPrivate(dir)) return false;
    fs.writeFileSync(temp, Buffer.concat([checksum(data), data]), { mode: 0o600 });
    fs.renameSync(temp, name);
    const prefix = path.basename(name).replace(/-[0-9a-f]+\.v8cache$/, '-');
    const mine = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith(prefix))
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }));
    const caches = mine.filter(({ f }) => f.endsWith('.v8cache')).sort((a, b) => b.t - a.t);
    // A temporary file lives for milliseconds; an old one is a process's that was killed while writing it.
    const stale = mine.filter(({ f, t }) => f.endsWith('.tmp') && t < Date.now() - STALE_MS);
    for (const { f } of [...caches.slice(KEEP), ...stale]) fs.rmSync(path.join(dir, f), { force: true });
    return true;
  } catch {
    // A full disk: no half-written file left behind.
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // No directory to remove it from.
    }
    return false;
  }
}

/**
 * Loads a CommonJS bundle (every dependency bundled in; Node's own modules required as usual) the way `require`
 * would, compiled from the code cache in `dir` (cacheDirectory(); undefined: none) when there is a usable one.
 * Flags that change V8's code (compilerBudget.ts) must be set before, as they are when the cache is written: V8
 * refuses a cache made under other flags.
 */
export function loadBundle(file: string, dir: string | undefined): LoadedBundle {
  // A shebang line is not JavaScript inside the module wrapper; `//` keeps every offset and line where it was.
  const source = fs.readFileSync(file, 'utf8').replace(/^#!/, '//');
  const name = dir ? cacheFile(dir, file, source) : '';
  const cachedData = readCache(dir, name);
  // The wrapper Node puts around a CommonJS module (lib/internal/modules/cjs/loader.js).
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData: cachedData ?? undefined });
  const cache = cachedData === undefined ? 'none' : cachedData === null || script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as Record<string, unknown>, filename: file, id: file, loaded: false };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return {
    exports: module.exports,
    cache,
    save: () => cache !== 'used' && dir !== undefined && writeCache(dir, name, script.createCachedData()),
  };
}
