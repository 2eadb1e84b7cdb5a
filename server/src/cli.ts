/**
 * `promfed check`: the language service from a terminal or a CI job.
 * Exit codes: 0 clean, 1 errors found (or too many warnings), 2 usage error or unreadable file.
 */
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import { limitInlining } from './compilerBudget';
import { createLanguageService } from './service';
import { MAX_DOCUMENT_CHARS } from './service/limits';
import { severityOf } from './service/diagnostics';
import { RULE_META } from './service/rules';
import { sanitizeSettings, type Settings } from './service/settings';
import type { Finding, Severity } from './service/types';

const VERSION = '0.1.0';

const USAGE = `Usage: promfed check [options] FILE...

Checks Prometheus configuration files and prints every problem found.

Options:
  --format text|json|sarif     output format (default: text)
  --prometheus-version 2|3     the Prometheus version the config is for (default: 3)
  --max-warnings N             fail when more than N warnings are found (default: no limit)
  -h, --help                   show this help
  --version                    print promfed's version

Exit status: 0 no errors, 1 errors found or too many warnings, 2 usage error or unreadable file.`;

interface Reported {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json' | 'sarif';
  settings: Settings;
  maxWarnings: number;
  files: string[];
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return 'help';
  if (command === '--version') return 'version';
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  let format: Options['format'] = 'text';
  let version = '3';
  let maxWarnings = Infinity;
  const files: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${v}"`);
      format = v;
    } else if (flag === '--prometheus-version') {
      version = value();
      if (version !== '2' && version !== '3') throw new UsageError(`--prometheus-version must be 2 or 3, not "${version}"`);
    } else if (flag === '--max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not "${v}"`);
      maxWarnings = Number(v);
    } else if (flag === '--') files.push(...rest.slice(i + 1)), (i = rest.length);
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option "${flag}"`);
    else files.push(arg);
  }
  if (files.length === 0) throw new UsageError('no file given');
  return { format, settings: sanitizeSettings({ prometheusVersion: version }), maxWarnings, files };
}

function sarif(results: readonly Reported[]): unknown {
  const codes = [...new Set(results.map((r) => r.code))];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'promfed',
            version: VERSION,
            rules: codes.map((code) => ({ id: code, shortDescription: { text: RULE_META.get(code)?.title ?? code } })),
          },
        },
        results: results.map((r) => ({
          ruleId: r.code,
          level: r.severity === 'error' ? 'error' : r.severity === 'warning' ? 'warning' : 'note',
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: r.file },
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}

interface Input {
  readonly text: string;
  /** What reading found that the text alone cannot show: bytes that are not UTF-8, a file over the limit. */
  readonly findings: Finding[];
}

/**
 * Reads at most what promfed analyses (a UTF-16 unit takes at most 3 UTF-8 bytes, so 3 × the limit + 1 bytes
 * tell "over the limit" apart), so `promfed check /dev/zero` or a 50 GB file ends quickly and in bounded memory.
 */
function readInput(file: string): Input {
  const cap = 3 * MAX_DOCUMENT_CHARS + 1;
  const fd = file === '-' ? 0 : fs.openSync(file, 'r');
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, cap - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total >= cap) {
        const message = `This file is larger than the ${MAX_DOCUMENT_CHARS / 1024 / 1024} MiB promfed analyses; promfed does not check this file.`;
        return { text: '', findings: [{ code: 'input-limit', start: 0, end: 0, message, data: { kind: 'size' } }] };
      }
    }
  } finally {
    if (fd !== 0) fs.closeSync(fd);
  }
  const bytes = Buffer.concat(chunks, total);
  const text = bytes.toString('utf8');
  if (isUtf8(bytes)) return { text, findings: [] };
  // The editor shows what cannot be decoded as U+FFFD; point at the first one.
  const at = Math.max(0, text.indexOf('\uFFFD'));
  const message = 'This file is not valid UTF-8: a byte here does not decode (Prometheus: yaml: invalid leading UTF-8 octet).';
  return { text, findings: [{ code: 'yaml-syntax', start: at, end: Math.min(text.length, at + 1), message, data: { yamlCode: 'INVALID_UTF8' } }] };
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`promfed: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    out(USAGE + '\n');
    return 0;
  }
  if (options === 'version') {
    out(`promfed ${VERSION}\n`);
    return 0;
  }
  const service = createLanguageService({ logError: (m) => err(`promfed: internal error: ${m}\n`) });
  const results: Reported[] = [];
  let unreadable = false;
  for (const file of options.files) {
    let text: string;
    let input: Input;
    try {
      input = readInput(file);
      text = input.text;
    } catch (e) {
      err(`promfed: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
      unreadable = true;
      continue;
    }
    const { findings, lines } = service.check(text, options.settings);
    for (const f of [...input.findings, ...findings]) {
      const severity = severityOf(f.code, options.settings);
      if (severity === 'off') continue;
      const start = lines.positionAt(f.start);
      const end = lines.positionAt(f.end);
      results.push({
        file,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        severity,
        code: f.code,
        message: f.message,
      });
    }
  }
  if (options.format === 'json') out(JSON.stringify(results, null, 2) + '\n');
  else if (options.format === 'sarif') out(JSON.stringify(sarif(results), null, 2) + '\n');
  else for (const r of results) out(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}\n`);
  const errors = results.filter((r) => r.severity === 'error').length;
  const warnings = results.filter((r) => r.severity === 'warning').length;
  if (options.format === 'text' && results.length > 0) {
    err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${results.length - errors - warnings} other in ${options.files.length} file${options.files.length === 1 ? '' : 's'}\n`);
  }
  if (unreadable) return 2;
  return errors > 0 || warnings > options.maxWarnings ? 1 : 0;
}

/**
 * `promfed` as a command: the arguments of this process, its output streams and its exit code. Returns whether it
 * was a check (cliBoot.ts keeps the compile cache of a check's run, which compiled the checking code too).
 */
export function run(): boolean {
  limitInlining();
  // `promfed check ... | head`: a reader that goes away is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  const argv = process.argv.slice(2);
  process.exitCode = main(argv, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  return argv[0] === 'check' && process.exitCode !== 2;
}

if (require.main === module) run();
