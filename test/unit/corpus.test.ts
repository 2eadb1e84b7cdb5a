/**
 * Differential test against the real `promtool check config` (Debian's Prometheus 2.42): on every corpus file
 * promtool accepts, promfed reports no error; for faults this test injects into those files, promfed reports
 * an error at the line promtool names whenever promtool rejects the result.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusDir, findings } from './helpers';
import { severityOf } from '../../server/src/service/diagnostics';
import { LineIndex } from '../../server/src/service/ranges';

const CORPUS = corpusDir();
const PROMTOOL = '/usr/bin/promtool';

/** Files Debian's promtool rejects for reasons that are not mistakes (SD plugins left out of its build, newer keys). */
const PROMTOOL_GAPS = new Set(['011-emreyokur-k8s-experiments.yml', '031-virto-network-kreivo-monitor.yml', '036-prometheus-prometheus.yml']);

interface Verdict {
  readonly ok: boolean;
  /** 1-based line promtool names, corrected for yaml.v2's 0-based parser-error lines. */
  readonly lines: number[];
  readonly output: string;
}

let scratch = '';

/** Creates the files a config references (rule files, credential files, TLS files) so promtool can check it. */
function materializeReferences(text: string, dir: string): string {
  return text.replace(/^(\s*(?:-\s+)?(?:[a-z_]*_file|ca_file|cert_file|key_file)\s*:\s*|\s*-\s+)(["']?)([^"'\s#]+)\2/gm, (all, prefix: string, quote: string, value: string) => {
    if (!/_file\s*:/.test(prefix) && !/\.(?:ya?ml|rules)$/.test(value)) return all;
    if (value.includes('*')) return all;
    const local = path.join(dir, 'refs', value.replace(/[^A-Za-z0-9._-]/g, '_'));
    fs.mkdirSync(path.dirname(local), { recursive: true });
    if (!fs.existsSync(local)) fs.writeFileSync(local, /\.(?:ya?ml|rules)$/.test(value) && !/_file\s*:/.test(prefix) ? 'groups: []\n' : 'x\n');
    return `${prefix}${quote}${local}${quote}`;
  });
}

function promtool(text: string, name: string): Verdict {
  const dir = fs.mkdtempSync(path.join(scratch, 'case-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, materializeReferences(text, dir));
  const r = spawnSync(PROMTOOL, ['check', 'config', '--syntax-only', file], { encoding: 'utf8', timeout: 30_000 });
  const output = `${r.stdout}${r.stderr}`;
  const lines: number[] = [];
  for (const m of output.matchAll(/line (\d+): (.*)/g)) {
    const n = Number(m[1]);
    // yaml.v2 reports parser errors with a 0-based line and scanner errors with a 1-based one.
    const parserError = /did not find expected|could not find expected/.test(m[2]);
    lines.push(parserError ? n + 1 : n);
  }
  return { ok: r.status === 0, lines, output };
}

function errorLines(text: string): number[] {
  const idx = new LineIndex(text);
  return findings(text, { prometheusVersion: '2' })
    .filter((f) => ['yaml-syntax', 'yaml-tab', 'misindented-item', 'duplicate-key', 'unknown-key', 'invalid-type', 'invalid-value', 'duplicate-job-name', 'timeout-exceeds-interval', 'auth-conflict', 'invalid-target'].includes(f.code))
    .map((f) => idx.lineAt(f.start) + 1);
}

/** Fault injectors: each takes a valid config and returns a broken one (or undefined when it does not apply). */
const FAULTS: Record<string, (text: string) => string | undefined> = {
  'tab before a job key': (t) => replaceFirst(t, /^( +)(scrape_interval|metrics_path|honor_labels|static_configs):/m, (m) => `\t${m[2]}:`),
  'outdented job': (t) => {
    const items = [...t.matchAll(/^( +)- job_name:/gm)];
    const last = items[items.length - 1];
    if (!last || last[1].length === 0) return undefined;
    return t.slice(0, last.index) + last[0].trimStart() + t.slice(last.index! + last[0].length);
  },
  'duplicate job_name': (t) => {
    const names = [...t.matchAll(/^(\s*- job_name:\s*)(["']?)([^"'\n#]+)\2/gm)];
    if (names.length < 2) return undefined;
    const second = names[1];
    return t.slice(0, second.index) + `${second[1]}${second[2]}${names[0][3].trim()}${second[2]}` + t.slice(second.index! + second[0].length);
  },
  'scrape_timeout above interval': (t) => replaceFirst(t, /^(\s*- job_name:.*)$/m, (m) => `${m[1]}\n${' '.repeat(m[1].indexOf('-') + 2)}scrape_interval: 10s\n${' '.repeat(m[1].indexOf('-') + 2)}scrape_timeout: 20s`),
  'bearer_token with bearer_token_file': (t) => replaceFirst(t, /^(\s*- job_name:.*)$/m, (m) => `${m[1]}\n${' '.repeat(m[1].indexOf('-') + 2)}bearer_token: abc\n${' '.repeat(m[1].indexOf('-') + 2)}bearer_token_file: /tmp/x`),
  'authorization type basic': (t) => replaceFirst(t, /^(\s*- job_name:.*)$/m, (m) => `${m[1]}\n${' '.repeat(m[1].indexOf('-') + 2)}authorization:\n${' '.repeat(m[1].indexOf('-') + 4)}type: Basic`),
  'URL as a static target': (t) => replaceFirst(t, /(targets:\s*\[\s*|targets:\s*\n\s*-\s*)(["']?)([A-Za-z0-9_.-]+:\d+)\2/, (m) => `${m[1]}${m[2] || "'"}http://${m[3]}${m[2] || "'"}`),
  'unterminated quote': (t) => replaceFirst(t, /^(\s*- job_name:\s*)(["']?)([^"'\n#]+)\2\s*$/m, (m) => `${m[1]}"${m[3]}`),
  'unquoted selector': (t) => replaceFirst(t, /^(\s*-\s*)(["'])(\{[^'"\n]*\})\2\s*$/m, (m) => `${m[1]}${m[3]}`),
  'misspelled honor_labels': (t) => replaceFirst(t, /^(\s*)honor_labels:/m, (m) => `${m[1]}honour_labels:`),
  'duplicated key in a job': (t) => replaceFirst(t, /^(\s*)(metrics_path:.*)$/m, (m) => `${m[1]}${m[2]}\n${m[1]}${m[2]}`),
  'invalid duration': (t) => replaceFirst(t, /^(\s*scrape_interval:\s*)(\S+)/m, (m) => `${m[1]}15x`),
};

function replaceFirst(text: string, re: RegExp, fn: (m: RegExpExecArray) => string): string | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  return text.slice(0, m.index) + fn(m) + text.slice(m.index + m[0].length);
}

describe('differential test against promtool check config', function () {
  this.timeout(300_000);
  const files = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yml')).sort() : [];

  before(() => {
    assert.ok(fs.existsSync(PROMTOOL), `${PROMTOOL} is missing: install the Debian package prometheus`);
    assert.ok(files.length >= 30, `corpus missing at ${CORPUS}`);
    assert.match(execFileSync(PROMTOOL, ['--version'], { encoding: 'utf8' }) + '', /promtool/);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-corpus-'));
  });
  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('reports no error on any corpus file promtool accepts', () => {
    let accepted = 0;
    for (const name of files) {
      const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      const verdict = promtool(text, name);
      if (!verdict.ok) {
        assert.ok(PROMTOOL_GAPS.has(name), `promtool rejects ${name} unexpectedly:\n${verdict.output}`);
        continue;
      }
      accepted++;
      const idx = new LineIndex(text);
      const asErrors = findings(text, { prometheusVersion: '2' }).filter((f) => severityOf(f.code, { rules: {} }) === 'error');
      assert.deepEqual(asErrors.map((f) => `${name}:${idx.lineAt(f.start) + 1} ${f.code}: ${f.message}`), []);
    }
    assert.ok(accepted >= 35, `only ${accepted} corpus files accepted by promtool`);
  });

  it('finds an error at the line promtool names for every injected fault promtool rejects', () => {
    let rejected = 0;
    const misses: string[] = [];
    for (const name of files.filter((f) => !PROMTOOL_GAPS.has(f))) {
      const original = fs.readFileSync(path.join(CORPUS, name), 'utf8');
      for (const [fault, inject] of Object.entries(FAULTS)) {
        const text = inject(original);
        if (text === undefined || text === original) continue;
        const verdict = promtool(text, name);
        if (verdict.ok) continue;
        rejected++;
        const ours = errorLines(text);
        if (ours.length === 0) {
          misses.push(`${name} / ${fault}: promfed found nothing; promtool: ${verdict.output.trim().split('\n').slice(1).join(' ')}`);
          continue;
        }
        for (const line of verdict.lines) {
          if (!ours.includes(line)) misses.push(`${name} / ${fault}: promtool names line ${line}, promfed reports lines ${ours.join(',')}: ${verdict.output.trim().split('\n').slice(1).join(' ')}`);
        }
      }
    }
    assert.ok(rejected >= 100, `only ${rejected} injected faults were rejected by promtool`);
    assert.deepEqual(misses, []);
  });
});
