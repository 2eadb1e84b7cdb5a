/**
 * Preloaded into a server or CLI process (`node -r`) by the secrets test: records every file the process opens,
 * stats or lists, and every process it tries to start, one JSON line each in $PROMFED_SPY_LOG.
 */
import childProcess = require('node:child_process');
import fs = require('node:fs');

const log = process.env.PROMFED_SPY_LOG;

type AnyFn = (...args: unknown[]) => unknown;

function wrap(target: Record<string, unknown>, names: readonly string[], kind: string, record: (kind: string, what: unknown) => void): void {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (this: unknown, ...args: unknown[]) {
      record(`${kind}.${name}`, args[0]);
      return (original as AnyFn).apply(this, args);
    };
  }
}

if (log) {
  const append = fs.appendFileSync.bind(fs);
  const record = (kind: string, what: unknown) => append(log, `${JSON.stringify({ kind, path: String(what) })}\n`);
  const fsNames = ['readFileSync', 'readFile', 'openSync', 'open', 'createReadStream', 'statSync', 'stat', 'lstatSync', 'lstat', 'existsSync', 'exists', 'accessSync', 'access', 'readdirSync', 'readdir', 'opendirSync', 'opendir', 'watch', 'watchFile', 'readlinkSync', 'realpathSync'];
  wrap(fs as unknown as Record<string, unknown>, fsNames, 'fs', record);
  wrap(fs.promises as unknown as Record<string, unknown>, ['readFile', 'open', 'stat', 'lstat', 'access', 'readdir', 'opendir', 'realpath', 'watch'], 'fs.promises', record);
  wrap(childProcess as unknown as Record<string, unknown>, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'exec', record);
}
