/**
 * Parses a document once per version: the `yaml` AST with source tokens (for exact ranges), the line index,
 * and the syntax problems — yaml.v2's, in yaml.v2's words, since that is the parser Prometheus loads with.
 */
import { parseAllDocuments, type Document, type YAMLError } from 'yaml';
import { hasLoneCr, LineIndex } from './ranges';
import type { Finding } from './types';
import { findMisindentedItems } from './misindent';
import { collectHolders } from './chunks';
import { applyEdits, createOffsetMapper, tabRepairs } from './repair';
import { findRejectedTabs, multiLineQuotes } from './yamlTabs';
import { checkAliases } from './aliases';
import { checkInput, parserText } from './limits';
import { textWindow } from './textWindow';
import { brokenItemErrors, createIncrementalState, lineStartsOf, parseByJob, planJobs, PARSE_OPTIONS, type IncrementalState, type JobChunks, type JobPlan, type JobSlot } from './incremental';

export interface ConfigDocument {
  readonly text: string;
  readonly lines: LineIndex;
  /** The first YAML document: the only one Prometheus reads. Null for an empty file. */
  readonly yaml: Document.Parsed | null;
  /** Further documents after `---` (Prometheus ignores them). */
  readonly extraDocuments: readonly Document.Parsed[];
  /** YAML syntax problems and rejected tabs. */
  readonly syntax: readonly Finding[];
  /** Hostile-input guards (limits.ts, aliases.ts): when one fired, `yaml` is null and nothing else is checked. */
  readonly limits: readonly Finding[];
  /**
   * Present when the text was parsed job by job: one slot per scrape_configs item, reused by the next
   * version. Absent after a whole-text parse. For the model and the rule runner only.
   */
  readonly jobChunks?: JobChunks;
  /** What the next version of this document may reuse (kept across whole-text parses too). */
  readonly incremental?: IncrementalState;
}

/** Where a job list split by chunks.ts ends, and its items' indent. */
type JobList = { readonly suffixStart: number; readonly itemIndent: number };

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

function syntaxFindings(text: string, lines: LineIndex, docs: readonly Document.Parsed[], tabFindings: Finding[], list?: JobList): Finding[] {
  const findings: Finding[] = [];
  const misindented = docs.some((d) => d.errors.length > 0) ? findMisindentedItems(text, lines, list) : [];
  // A tab or an outdented item explains the parser's errors on its line and the ones that follow from it.
  const tabLines = new Set([...tabFindings, ...misindented].map((f) => lines.lineAt(f.start)));
  // The parser's errors after such a line, up to the next top-level key, are its echoes: drop them. Hardening: one
  // sweep, in line order, never reads a line twice; a walk per line made a 5 000-job list whose first item is
  // indented deeper than the others (4 999 outdented items, each walked to the end of the list) take 90-117 s.
  let reached = 0;
  for (const from of [...tabLines].sort((a, b) => a - b)) {
    let l = Math.max(from + 1, reached);
    while (l < lines.lineCount && !/^[^\s#-]/.test(text.slice(lines.lineStart(l), lines.lineStart(l) + 1))) tabLines.add(l++);
    reached = l;
  }
  // The parser may also notice an outdented item on the blank or comment lines just above it.
  for (const f of misindented) {
    for (let l = lines.lineAt(f.start) - 1; l >= 0; l--) {
      const content = text.slice(lines.lineStart(l), lines.lineEnd(l)).trim();
      if (content !== '' && !content.startsWith('#')) break;
      tabLines.add(l);
    }
  }
  const seenLines = new Set<number>();
  // A key indented deeper than the key above it: YAML reads it into the value before it, and yaml.v2 fails
  // at that key with "mapping values are not allowed in this context". Report it there, once.
  for (const doc of docs) {
    for (const error of doc.errors) {
      if (error.code !== 'MULTILINE_IMPLICIT_KEY') continue;
      const [from, to] = error.pos;
      const firstLine = lines.lineAt(from);
      const lastLine = lines.lineAt(Math.max(from, to - 1));
      if (lastLine === firstLine || tabLines.has(firstLine) || tabLines.has(lastLine)) continue;
      const keyStart = lines.lineStart(lastLine) + (text.slice(lines.lineStart(lastLine), to).length - text.slice(lines.lineStart(lastLine), to).trimStart().length);
      const above = text.slice(lines.lineStart(firstLine), lines.lineEnd(firstLine));
      const dashes = /^(\s*(?:-\s+)*)/.exec(above);
      findings.push({
        code: 'yaml-syntax',
        start: keyStart,
        end: Math.max(keyStart + 1, to),
        message: 'This key is indented deeper than the key above it, so YAML reads it as part of the value on the line before (Prometheus: yaml: mapping values are not allowed in this context).',
        data: { yamlCode: 'OVER_INDENTED_KEY', expectedIndent: dashes ? dashes[1].length : 0 },
      });
      seenLines.add(firstLine);
      seenLines.add(lastLine);
    }
  }
  // Hardening: one scan of the quotes for all errors; scanning per error made a broken 1 000-job file take
  // over a minute (quadratic in the size of the file).
  let quoteRuns: ReturnType<typeof multiLineQuotes> | undefined;
  for (const doc of docs) {
    for (const error of doc.errors) {
      // Our own tab scan speaks for tabs (it matches yaml.v2, the `yaml` package does not quite).
      if (error.code === 'TAB_AS_INDENT' || error.code === 'DUPLICATE_KEY') continue;
      let [start, end] = error.pos;
      if (/quote/i.test(error.message)) {
        // The mistake is where the quote opened; yaml.v2 reads on to the next quote character and fails there.
        const errorLine = lines.lineAt(start);
        const run = (quoteRuns ??= multiLineQuotes(text)).find((r) => lines.lineAt(r.open) <= errorLine && (r.close < 0 || lines.lineAt(r.close) >= errorLine));
        if (run) {
          [start, end] = [run.open, run.open + 1];
          if (run.close < 0) {
            // yaml.v2 reads to the end of the file looking for the closing quote.
            findings.push({
              code: 'yaml-syntax',
              start: text.length,
              end: text.length,
              message: `The file ends inside the string opened on line ${lines.lineAt(run.open) + 1} (Prometheus: yaml: found unexpected end of stream).`,
              related: [{ start: run.open, end: run.open + 1, message: 'the quote that is never closed' }],
              data: { yamlCode: 'QUOTE_EOF' },
            });
          } else {
            const closeLine = lines.lineAt(run.close);
            seenLines.add(closeLine);
            findings.push({
              code: 'yaml-syntax',
              start: run.close,
              end: run.close + 1,
              message: `This quote closes the string opened on line ${lines.lineAt(run.open) + 1}, and what follows cannot be parsed (Prometheus: yaml: did not find expected key).`,
              related: [{ start: run.open, end: run.open + 1, message: 'the quote that is never closed on its own line' }],
              data: { yamlCode: 'QUOTE_RUN' },
            });
          }
        }
      } else if (error.code === 'BAD_INDENT' || error.code === 'BLOCK_AS_IMPLICIT_KEY') {
        // Point at the misplaced key rather than at the whitespace before it.
        const lineOf = lines.lineAt(start);
        const content = text.slice(lines.lineStart(lineOf), lines.lineEnd(lineOf));
        const first = content.length - content.trimStart().length;
        if (first < content.length) [start, end] = [lines.lineStart(lineOf) + first, lines.lineEnd(lineOf)];
      }
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
  return [...tabFindings, ...misindented, ...findings].sort((a, b) => a.start - b.start);
}


/**
 * Moves every offset of a parse of the repaired text to the real text: node ranges and source tokens (as
 * chunks.ts collects them for moving a job), the document's range, and its errors' and warnings' positions.
 * Hardening: a walk of every object reachable from the documents took 5 s on a 5 000-job file with one tab.
 */
export function remapOffsets(docs: readonly Document.Parsed[], map: (offset: number) => number): void {
  for (const doc of docs) {
    const holders = collectHolders([doc.contents]);
    // A range array shared by two nodes must move once.
    for (const r of new Set(holders.ranges)) for (let k = 0; k < 3; k++) r[k] = map(r[k]);
    for (const t of holders.tokens) t.offset = map(t.offset);
    if (doc.range) doc.range = doc.range.map(map) as typeof doc.range;
    for (const e of [...doc.errors, ...doc.warnings]) e.pos = e.pos.map(map) as [number, number];
  }
}

/** What the parse of a next version reads of an earlier one: its text and what it kept for reuse. */
export type ParseBase = Pick<ConfigDocument, 'text' | 'incremental'>;

/**
 * Parses one version of a document. With `previous` (an earlier version of the same document), jobs whose
 * text did not change keep their parse; `previous` and models built on it must not be used afterwards.
 * With `allowWhole` false, a text that cannot be parsed job by job is not parsed: the result is then the base
 * for the next version's parse, and nothing else.
 */
export function parseConfigDocument(text: string, previous?: ParseBase, allowWhole = true): ConfigDocument | ParseBase {
  // An edited text is a rope of concatenations; flatten it once rather than on every character access.
  void ((text as unknown as number) | 0);
  const state = previous?.incremental ?? createIncrementalState();
  // What changed since the previous version: the checks below re-read that part only.
  const change = previous && previous.text.length > 0 ? { base: previous.text, window: textWindow(previous.text, text) } : undefined;
  // Hardening: too large, too deep, binary or an alias bomb -> the guard's findings and no model at all.
  const input = checkInput(text, state.shape, change);
  if (input.skip) return { text, lines: new LineIndex(text), yaml: null, extraDocuments: [], syntax: [], limits: input.findings, incremental: state };
  if (mayParseByJob(text)) {
    const byJob = parseByJob(text, state, change);
    if (byJob) {
      // Unchanged jobs keep their line starts: only the head's lines are counted again.
      const lines = new LineIndex(text, lineStartsOf(text, byJob.chunks));
      const syntax = brokenJobSyntax(text, lines, byJob.chunks.slots, byJob.chunks.headErrors, byJob.chunks);
      return { text, lines, yaml: byJob.yaml, extraDocuments: [], syntax, limits: input.findings, jobChunks: byJob.chunks, incremental: state };
    }
  }
  // The guard above has read this text, so it is the base the next version's guard compares with.
  if (!allowWhole) return { text, incremental: state };
  return { ...parseWholeDocument(text, new LineIndex(text), input.findings), incremental: state };
}

/**
 * The syntax findings of a text parsed job by job: those of the head before the list and of its jobs with a syntax
 * error of their own (parsed in a run, or the last job with the head after the list), whose errors are the whole
 * text's, made as for a whole parse.
 */
export function brokenJobSyntax(text: string, lines: LineIndex, slots: readonly JobSlot[], headErrors: readonly YAMLError[], list: JobList): Finding[] {
  const errors = [...headErrors, ...brokenItemErrors(slots)];
  return errors.length > 0 ? syntaxFindings(text, lines, [{ errors } as unknown as Document.Parsed], [], list) : [];
}

/**
 * Whether the job-by-job path may try the text. Prometheus stops at a rejected tab, but promfed reads on: only the
 * whole-text path repairs tabs. Hardening: a lone CR is a line break only to the whole-text path (parserText).
 */
function mayParseByJob(text: string): boolean {
  return (!text.includes('\t') || findRejectedTabs(text).length === 0) && !hasLoneCr(text);
}

/**
 * A document for a single check that keeps no job's nodes (index.ts checkOnce). With `plan`, its jobs are parsed one
 * at a time by the check that reads them (planSlot), `document.yaml` holds the last job of the list only, and
 * `document.syntax` is an array of its own that the check fills once the jobs are parsed (brokenJobSyntax); without,
 * `document` is what parseConfigDocument gives the text, parsed whole (or stopped by the input guard).
 */
export interface PlannedDocument {
  readonly document: ConfigDocument;
  readonly plan?: JobPlan;
}

/**
 * The document for a single check of `text`, its input guarded once whichever way it is parsed. With `state`, the
 * first version of a document checked as it is parsed (index.ts parseChecked): the guard's scan is kept in `state`
 * piece by piece, so the next version's re-scans only what changed, and the documents carry `state`.
 */
export function planConfigDocument(text: string, state?: IncrementalState): PlannedDocument {
  // Without a next version to re-scan for, the guard scans the text in one piece, not piece by piece for reuse.
  const input = state ? checkInput(text, state.shape) : checkInput(text);
  const lines = new LineIndex(text);
  const incremental = state ? { incremental: state } : {};
  if (input.skip) return { document: { text, lines, yaml: null, extraDocuments: [], syntax: [], limits: input.findings, ...incremental } };
  const plan = mayParseByJob(text) ? planJobs(text, state ?? createIncrementalState()) : undefined;
  if (!plan) return { document: { ...parseWholeDocument(text, lines, input.findings), ...incremental } };
  return { document: { text, lines, yaml: plan.yaml, extraDocuments: [], syntax: [], limits: input.findings, ...incremental }, plan };
}

/** The reference parse: the whole text at once with the `yaml` package, tabs repaired and mapped back. */
export function parseWholeDocument(text: string, lines = new LineIndex(text), inputFindings: readonly Finding[] = []): ConfigDocument {
  const tabFindings = findRejectedTabs(text);
  const repairs = tabRepairs(text, tabFindings);
  // Hardening: parserText turns a lone CR into LF (same offsets) so the `yaml` package sees the lines LSP sees.
  const parsed = parseAllDocuments(parserText(repairs.length ? applyEdits(text, repairs) : text), PARSE_OPTIONS);
  const all = Array.isArray(parsed) ? parsed : [];
  if (repairs.length) remapOffsets(all, createOffsetMapper(repairs));
  const syntax = syntaxFindings(text, lines, all, tabFindings);
  const aliases = all.length > 0 ? checkAliases(all[0], text) : { findings: [], bomb: false };
  const limits = [...inputFindings, ...aliases.findings];
  if (aliases.bomb) return { text, lines, yaml: null, extraDocuments: [], syntax, limits };
  const yaml = all.length > 0 ? all[0] : null;
  return { text, lines, yaml, extraDocuments: all.slice(1), syntax, limits };
}
