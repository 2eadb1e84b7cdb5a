// Bundles the VS Code client, the language server and the CLI into dist/.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The ES module build of `yaml` (same code as its CommonJS build): bundled as ESM, its functions are called
  // directly instead of through the getters esbuild puts on a CommonJS module's exports (~6 % of a cold check).
  alias: { yaml: './node_modules/yaml/browser/dist/index.js' },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // The server and `promfed` are small loaders (serverBoot.ts, cliBoot.ts) that compile their bundles from a code cache
  // (compileCache.ts).
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/serverBoot.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cliBoot.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
