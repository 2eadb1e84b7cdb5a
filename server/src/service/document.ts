/**
 * Parses a document once per version: the `yaml` AST with source tokens (for exact ranges), the line index,
 * and the syntax problems — yaml.v2's, in yaml.v2's words, since that is the parser Prometheus loads with.
 */
import { parseAllDocuments, type Document } from 'yaml';
import { LineIndex } from './ranges';
import type { Finding } from './types';
import { findRejectedTabs } from './yamlTabs';

export interface ConfigDocument {
  readonly text: string;
  readonly lines: LineIndex;
  /** The first YAML document: the only one Prometheus reads. Null for an empty file. */
  readonly yaml: Document.Parsed | null;
  /** Further documents after `---` (Prometheus ignores them). */
  readonly extraDocuments: readonly Document.Parsed[];
  /** YAML syntax problems and rejected tabs. */
  readonly syntax: readonly Finding[];
}

/** Aliases a document may expand before we stop: bounds "billion laughs" inputs. */
export const MAX_ALIAS_COUNT = 1000;

/** yaml.v2's wording for the `yaml` package's error codes, so users can grep Prometheus' logs. */
const YAML_V2_WORDING: Record<string, string> = {
  BAD_INDENT: "did not find expected key",
  BLOCK_AS_IMPLICIT_KEY: "did not find expected key",
  MULTILINE_IMPLICIT_KEY: "could not find expected ':'",
  MISSING_CHAR: "could not find expected ':'",
  MISSING_ANCHOR: "unknown anchor referenced",
  BAD_ALIAS: "unknown anchor referenced",
  UNEXPECTED_TOKEN: "did not find expected node content",
  BAD_SCALAR_START: "found character that cannot start any token",
  BLOCK_IN_FLOW: "did not find expected ',' or ']'",
  MISSING_TAG: "found undefined tag handle",
  DUPLICATE_KEY: "already set in map",
  TAB_AS_INDENT: "found a tab character that violates indentation",
  ALIAS_PROPS: "did not find expected node content",
  BAD_DIRECTIVE: "found unknown directive name",
  BAD_DQ_ESCAPE: "found unknown escape character",
};

function plainMessage(code: string, raw: string): string {
  const first = raw.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (/quoted|Missing closing/i.test(first)) return 'found unexpected end of stream: a quoted string is never closed';
  const v2 = YAML_V2_WORDING[code];
  return v2 ? `${v2}: ${first}` : first;
}

function syntaxFindings(text: string, docs: readonly Document.Parsed[]): Finding[] {
  const findings: Finding[] = [];
  const tabFindings = findRejectedTabs(text);
  const lines = new LineIndex(text);
  const tabLines = new Set(tabFindings.map((f) => lines.lineAt(f.start)));
  const seenLines = new Set<number>();
  for (const doc of docs) {
    for (const error of doc.errors) {
      // Our own tab scan speaks for tabs (it matches yaml.v2, the `yaml` package does not quite).
      if (error.code === 'TAB_AS_INDENT' || error.code === 'DUPLICATE_KEY') continue;
      let [start, end] = error.pos;
      const line = lines.lineAt(start);
      if (tabLines.has(line) || seenLines.has(line)) continue;
      seenLines.add(line);
      // An error spanning several lines (a never-closed quote) points at its first line only.
      const lineEnd = lines.lineEnd(line);
      if (end > lineEnd) end = Math.max(start + 1, lineEnd);
      if (end <= start) end = Math.min(text.length, start + 1);
      if (start >= text.length && text.length > 0) {
        start = text.length - 1;
        end = text.length;
      }
      findings.push({
        code: 'yaml-syntax',
        start,
        end,
        message: `YAML syntax error (Prometheus: yaml: ${plainMessage(error.code, error.message)}).`,
        data: { yamlCode: error.code },
      });
    }
  }
  return [...tabFindings, ...findings].sort((a, b) => a.start - b.start);
}

export function parseConfigDocument(text: string): ConfigDocument {
  const docs = parseAllDocuments(text, {
    keepSourceTokens: true,
    // yaml.v2 is YAML 1.1: `yes`/`on` are booleans and `<<` merge keys work.
    version: '1.1',
    merge: true,
    uniqueKeys: false,
    prettyErrors: false,
    strict: false,
    maxAliasCount: MAX_ALIAS_COUNT,
  });
  const all = Array.isArray(docs) ? docs : [];
  const yaml = all.length > 0 ? all[0] : null;
  return {
    text,
    lines: new LineIndex(text),
    yaml,
    extraDocuments: all.slice(1),
    syntax: syntaxFindings(text, all),
  };
}
