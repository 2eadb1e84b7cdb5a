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

/** The severity of each code under one set of settings, looked up once per code (a file has a handful). */
function severityTable(settings: Pick<Settings, 'rules'>): (code: string) => SeveritySetting {
  const severities = new Map<string, SeveritySetting>();
  return (code) => {
    let severity = severities.get(code);
    if (severity === undefined) severities.set(code, (severity = severityOf(code, settings)));
    return severity;
  };
}

function lspTags(tags: NonNullable<Finding['tags']>): DiagnosticTag[] {
  return tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
}

function docsHref(base: string | undefined, code: string): string | undefined {
  return base === undefined ? undefined : `${base.replace(/\/$/, '')}/${code}.md`;
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
  const severityFor = severityTable(settings);
  const hrefs = new Map<string, { href: string }>();
  for (const f of findings) {
    const severity = severityFor(f.code);
    if (severity === 'off') continue;
    const diagnostic: Diagnostic = {
      range: lines.range(f.start, f.end),
      severity: LSP_SEVERITY[severity],
      code: f.code,
      source: 'promfed',
      message: clipMessage(f.message),
    };
    if (withData) diagnostic.data = { ...(f.data ?? {}), code: f.code } satisfies DiagnosticData;
    if (docsBaseUrl !== undefined) {
      let href = hrefs.get(f.code);
      if (!href) hrefs.set(f.code, (href = { href: docsHref(docsBaseUrl, f.code)! }));
      diagnostic.codeDescription = href;
    }
    if (f.related?.length) {
      diagnostic.relatedInformation = f.related.map((r) => ({ location: { uri, range: lines.range(r.start, r.end) }, message: r.message }));
    }
    if (f.tags?.length) diagnostic.tags = lspTags(f.tags);
    out.push(diagnostic);
  }
  return out;
}

/**
 * Characters of JSON the cache keeps across publishes: ~4 MB of heap (5 000 distinct 250-character messages
 * took 3.4 MB). Past that, the next publish starts it again empty.
 */
export const DIAGNOSTIC_JSON_CACHE_CHARS = 2_000_000;

/**
 * The JSON text of what a diagnostic says besides its range, per code and message: a large file has thousands of
 * findings that share a handful of messages, and their strings are the same objects from one version to the next.
 */
export class DiagnosticJsonCache {
  private tails = new Map<string, Map<string, string>>();
  /** Characters held in `tails`. */
  private size = 0;
  private key = '';

  /** `key`: what the tails depend on besides code and message (severities, docs link); a new key empties the cache. */
  tailsFor(key: string): Map<string, Map<string, string>> {
    // Bounded: messages that name a job or a label are all different, and versions bring new ones.
    if (key !== this.key || this.size > DIAGNOSTIC_JSON_CACHE_CHARS) {
      this.tails = new Map();
      this.size = 0;
      this.key = key;
    }
    return this.tails;
  }

  added(tail: string): void {
    this.size += tail.length;
  }
}

function rangeJson(lines: LineIndex, start: number, end: number): string {
  const a = lines.positionAt(start);
  const b = lines.positionAt(Math.max(start, end));
  return `{"start":{"line":${a.line},"character":${a.character}},"end":{"line":${b.line},"character":${b.character}}}`;
}

/**
 * Exactly `JSON.stringify(toDiagnostics(findings, lines, uri, settings, docsBaseUrl, { withData: false }))`,
 * written without building the diagnostics: on a 5 000-job file an edit republishes 8 000 of them, and building
 * and then serialising the objects was a fifth of the server's time per edit.
 */
export function diagnosticsJson(
  findings: readonly Finding[],
  lines: LineIndex,
  uri: string,
  settings: Pick<Settings, 'rules'>,
  docsBaseUrl: string | undefined,
  cache: DiagnosticJsonCache,
): string {
  const severityFor = severityTable(settings);
  const tails = cache.tailsFor(`${JSON.stringify(settings.rules)}\n${docsBaseUrl ?? ''}`);
  const parts: string[] = [];
  for (const f of findings) {
    const severity = severityFor(f.code);
    if (severity === 'off') continue;
    let byMessage = tails.get(f.code);
    if (!byMessage) tails.set(f.code, (byMessage = new Map()));
    let tail = byMessage.get(f.message);
    if (tail === undefined) {
      const href = docsHref(docsBaseUrl, f.code);
      // The key order of toDiagnostics' objects: severity, code, source, message, codeDescription.
      tail = `,"severity":${LSP_SEVERITY[severity]},"code":${JSON.stringify(f.code)},"source":"promfed","message":${JSON.stringify(clipMessage(f.message))}${href === undefined ? '' : `,"codeDescription":{"href":${JSON.stringify(href)}}`}`;
      // Flat once here, not a tree of concatenations re-read on every publish.
      void tail.charCodeAt(0);
      byMessage.set(f.message, tail);
      cache.added(tail);
    }
    let extra = '';
    if (f.related?.length) {
      extra += `,"relatedInformation":[${f.related.map((r) => `{"location":{"uri":${JSON.stringify(uri)},"range":${rangeJson(lines, r.start, r.end)}},"message":${JSON.stringify(r.message)}}`).join(',')}]`;
    }
    if (f.tags?.length) extra += `,"tags":[${lspTags(f.tags).join(',')}]`;
    parts.push(`{"range":${rangeJson(lines, f.start, f.end)}${tail}${extra}}`);
  }
  return `[${parts.join(',')}]`;
}
