// Regenerates the README's rule table from the rule registry (run `npm run compile-tests` first).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { RULE_META } = require('../out/server/src/service/rules/index.js');
const rows = [...RULE_META.values()]
  .sort((a, b) => ['error', 'warning', 'info', 'hint'].indexOf(a.severity) - ['error', 'warning', 'info', 'hint'].indexOf(b.severity))
  .map((m) => `| [\`${m.code}\`](docs/rules/${m.code}.md) | ${m.severity} | ${m.title} |`);
const readme = readFileSync('README.md', 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const table = `${start}\n| Code | Severity | What |\n|---|---|---|\n${rows.join('\n')}\n${end}`;
const next = readme.includes(start) ? readme.replace(new RegExp(`${start}[\\s\\S]*?${end}`), table) : readme.replace(/\| Code \| Severity \| What \|\n\|---\|---\|---\|\nRULES_TABLE/, table);
writeFileSync('README.md', next);
console.log(`README: ${rows.length} rules`);
