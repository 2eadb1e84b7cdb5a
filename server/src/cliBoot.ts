/**
 * The `promfed` command: loads the CLI's bundle (cli.ts, built as dist/cli-main.js) through the compile cache
 * (compileCache.ts) and runs it. A run that checked files keeps the cache when it had none it could use.
 */
import * as path from 'node:path';
import { limitInlining } from './compilerBudget';
import { cacheDirectory, loadBundle } from './compileCache';

// Before the bundle is compiled: V8 takes a code cache only under the flags it was made with.
limitInlining();
const bundle = loadBundle(path.join(__dirname, 'cli-main.js'), cacheDirectory());
const checked = (bundle.exports.run as () => boolean)();
if (checked) process.once('exit', () => bundle.save());
