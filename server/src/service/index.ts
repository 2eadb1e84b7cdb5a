/**
 * The language service: pure functions over a parsed document. No LSP transport, no file system, no
 * network; the server and the CLI both call it.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseConfigDocument } from './document';
import { toDiagnostics } from './diagnostics';
import { buildModel, type ConfigModel } from './model';
import { createRedactor, redactFindings } from './redact';
import { RULES } from './rules';
import type { Settings } from './settings';
import type { Finding } from './types';

export interface ParsedConfig {
  readonly model: ConfigModel;
}

export interface LanguageServiceOptions {
  /** Base URL of docs/rules/, for each diagnostic's codeDescription link. */
  readonly docsBaseUrl?: string;
  /** Where internal failures are reported (a rule that threw); never user text or secrets. */
  readonly logError?: (message: string) => void;
}

export interface LanguageService {
  parse(text: string): ParsedConfig;
  findings(parsed: ParsedConfig, settings: Settings): Finding[];
  validate(parsed: ParsedConfig, uri: string, settings: Settings): Diagnostic[];
}

export function parseConfig(text: string): ParsedConfig {
  return { model: buildModel(parseConfigDocument(text)) };
}

/**
 * Clamps a finding into the text (anything else would be a bug, but must not reach an editor) and drops the
 * line break and blanks a YAML node's range ends with, so a range ends on the line it belongs to.
 */
function normalizeSpan(f: Finding, text: string): Finding {
  const start = Math.max(0, Math.min(f.start, text.length));
  let end = Math.max(start, Math.min(f.end, text.length));
  while (end > start + 1 && /\s/.test(text[end - 1])) end--;
  return start === f.start && end === f.end ? f : { ...f, start, end };
}

export function runRules(parsed: ParsedConfig, settings: Settings, logError?: (message: string) => void): Finding[] {
  const findings: Finding[] = [];
  const ctx = { version: settings.prometheusVersion };
  const text = parsed.model.document.text;
  // Hardening: no secret of the document reaches a message or a log, whatever a rule writes (redact.ts).
  const redact = createRedactor(parsed.model);
  for (const rule of RULES) {
    try {
      for (const f of rule.check(parsed.model, ctx)) findings.push(normalizeSpan(f, text));
    } catch (error) {
      logError?.(redact(`rule ${rule.meta[0]?.code ?? '?'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    }
  }
  return redactFindings(findings.sort((a, b) => a.start - b.start || a.end - b.end), redact);
}

export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  return {
    parse: parseConfig,
    findings: (parsed, settings) => runRules(parsed, settings, options.logError),
    validate: (parsed, uri, settings) =>
      toDiagnostics(runRules(parsed, settings, options.logError), parsed.model.document.lines, uri, settings, options.docsBaseUrl),
  };
}
