/**
 * Where the time goes, in process: parse, model, each rule and the diagnostics conversion on the generated
 * config, for the first check and for single-character edits. `node out/bench/profile.js [jobs] [edits]`.
 */
import { generateConfig } from './generate';
import { parseConfig, runRules, type ParsedConfig } from '../server/src/service';
import { toDiagnostics } from '../server/src/service/diagnostics';
import { RULES } from '../server/src/service/rules';
import { DEFAULT_SETTINGS } from '../server/src/service/settings';

const jobs = Number(process.argv[2] ?? 5000);
const edits = Number(process.argv[3] ?? 10);
const now = () => Number(process.hrtime.bigint()) / 1e6;

function timeRules(parsed: ParsedConfig): Record<string, number> {
  const times: Record<string, number> = {};
  const original = RULES.map((r) => ({ r, check: r.check, checkJob: r.checkJob }));
  for (const { r, check, checkJob } of original) {
    const name = r.meta[0].code;
    (r as { check: typeof check }).check = (m, c) => {
      const t = now();
      try {
        return check.call(r, m, c);
      } finally {
        times[name] = (times[name] ?? 0) + now() - t;
      }
    };
    if (checkJob)
      (r as { checkJob: typeof checkJob }).checkJob = (j, c) => {
        const t = now();
        try {
          return checkJob.call(r, j, c);
        } finally {
          times[name] = (times[name] ?? 0) + now() - t;
        }
      };
  }
  try {
    runRules(parsed, DEFAULT_SETTINGS);
  } finally {
    for (const { r, check, checkJob } of original) Object.assign(r, { check, checkJob });
  }
  return times;
}

let text = generateConfig(jobs);
let t = now();
let parsed = parseConfig(text);
const parseMs = now() - t;
t = now();
const times = timeRules(parsed);
const rulesMs = now() - t;
t = now();
const findings = runRules(parsed, DEFAULT_SETTINGS);
const rerunMs = now() - t;
t = now();
const diagnostics = toDiagnostics(findings, parsed.model.document.lines, 'file:///x.yml', DEFAULT_SETTINGS, 'file:///docs');
const diagMs = now() - t;
t = now();
const json = JSON.stringify(diagnostics);
const jsonMs = now() - t;
console.log(`first: parse+model ${parseMs.toFixed(0)} ms, rules ${rulesMs.toFixed(0)} ms (cached rerun ${rerunMs.toFixed(0)} ms), toDiagnostics ${diagMs.toFixed(0)} ms, JSON ${jsonMs.toFixed(0)} ms / ${(json.length / 1e6).toFixed(1)} MB, ${findings.length} findings`);
console.log('  per rule:', Object.entries(times).filter(([, v]) => v >= 1).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', '));

const lines = text.split('\n');
const jobLines = lines.flatMap((l, i) => (l.startsWith('  - job_name: ') ? [i] : []));
const sum: Record<string, number> = {};
let parseSum = 0;
let diagSum = 0;
let rulesSum = 0;
for (let k = 0; k < edits; k++) {
  const line = jobLines[Math.floor(((k + 0.5) * jobLines.length) / edits)];
  let offset = 0;
  for (let i = 0; i < line; i++) offset += lines[i].length + 1;
  offset += '  - job_name: '.length;
  text = text.slice(0, offset) + 'x' + text.slice(offset);
  lines[line] = lines[line].slice(0, '  - job_name: '.length) + 'x' + lines[line].slice('  - job_name: '.length);
  t = now();
  parsed = parseConfig(text, parsed);
  parseSum += now() - t;
  t = now();
  for (const [k2, v] of Object.entries(timeRules(parsed))) sum[k2] = (sum[k2] ?? 0) + v;
  rulesSum += now() - t;
  const f = runRules(parsed, DEFAULT_SETTINGS);
  t = now();
  toDiagnostics(f, parsed.model.document.lines, 'file:///x.yml', DEFAULT_SETTINGS, 'file:///docs');
  diagSum += now() - t;
}
console.log(`edit (mean of ${edits}): parse+model ${(parseSum / edits).toFixed(1)} ms, runRules ${(rulesSum / edits).toFixed(1)} ms, toDiagnostics ${(diagSum / edits).toFixed(1)} ms`);
console.log('  per rule:', Object.entries(sum).filter(([, v]) => v / edits >= 0.5).map(([k, v]) => `${k} ${(v / edits).toFixed(1)}`).join(', '));
