/** The edge where findings become LSP diagnostics: severity policy, ranges, links to the rule pages. */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { clipMessage } from './limits';
import type { LineIndex } from './ranges';
import { RULE_META } from './rules';
import type { Settings } from './settings';
import type { Finding, Severity, SeveritySetting } from './types';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a finding gets after the user's `promfed.rules` overrides; 'off' drops it. */
export function severityOf(code: string, settings: Pick<Settings, 'rules'>): SeveritySetting {
  return settings.rules[code] ?? RULE_META.get(code)?.severity ?? 'error';
}

/** What a code action reads back from a diagnostic: the code and the rule's data, never the message. */
export interface DiagnosticData {
  readonly code: string;
  readonly [key: string]: unknown;
}

export interface DiagnosticOptions {
  /**
   * Whether each diagnostic carries its finding's `data` for the quick fixes. The language server leaves it out
   * (a third of the bytes of a large file's diagnostics) and finds the finding itself when a fix is asked for.
   */
  readonly withData?: boolean;
}

export function toDiagnostics(
  findings: readonly Finding[],
  lines: LineIndex,
  uri: string,
  settings: Pick<Settings, 'rules'>,
  docsBaseUrl?: string,
  options: DiagnosticOptions = {},
): Diagnostic[] {
  const withData = options.withData !== false;
  const out: Diagnostic[] = [];
  // Per code, not per finding: a large file has thousands of findings of a handful of codes.
  const severities = new Map<string, SeveritySetting>();
  const hrefs = new Map<string, { href: string }>();
  const base = docsBaseUrl?.replace(/\/$/, '');
  for (const f of findings) {
    let severity = severities.get(f.code);
    if (severity === undefined) severities.set(f.code, (severity = severityOf(f.code, settings)));
    if (severity === 'off') continue;
    const diagnostic: Diagnostic = {
      range: lines.range(f.start, f.end),
      severity: LSP_SEVERITY[severity],
      code: f.code,
      source: 'promfed',
      message: clipMessage(f.message),
    };
    if (withData) diagnostic.data = { ...(f.data ?? {}), code: f.code } satisfies DiagnosticData;
    if (base !== undefined) {
      let href = hrefs.get(f.code);
      if (!href) hrefs.set(f.code, (href = { href: `${base}/${f.code}.md` }));
      diagnostic.codeDescription = href;
    }
    if (f.related?.length) {
      diagnostic.relatedInformation = f.related.map((r) => ({ location: { uri, range: lines.range(r.start, r.end) }, message: r.message }));
    }
    if (f.tags?.length) diagnostic.tags = f.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
    out.push(diagnostic);
  }
  return out;
}
