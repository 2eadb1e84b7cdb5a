/**
 * What promfed analyses and what it only reports on: the limits that keep a hostile or broken file from taking
 * the language server down (docs/robustness.md states them for users). Checked before the YAML parser runs,
 * in one linear pass, so a file over a limit costs no more than reading it.
 */
import type { Finding } from './types';

/** Larger documents get one `input-limit` note and no analysis (about 6 000 federation jobs). */
export const MAX_DOCUMENT_CHARS = 5 * 1024 * 1024;
/** A longer line (a minified blob, not a config) stops analysis too. */
export const MAX_LINE_CHARS = 1024 * 1024;
/** Collections nested deeper than this (flow or block, and through aliases) stop analysis; real configs use ~10. */
export const MAX_NESTING = 100;
/** Nodes aliases and merge keys may add to what the file spells out. */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Longest message a diagnostic carries; a rule quoting a megabyte-long value is cut here. */
export const MAX_MESSAGE_CHARS = 1000;

export interface InputCheck {
  /** Findings about the text itself (limits, control characters). */
  readonly findings: Finding[];
  /** True when the document must not be parsed or analysed further. */
  readonly skip: boolean;
}

function mib(chars: number): string {
  return `${(chars / 1024 / 1024).toFixed(1)} MiB`;
}

function limitFinding(start: number, end: number, kind: string, why: string): Finding {
  return { code: 'input-limit', start, end, message: `${why}; promfed does not check this file.`, data: { kind } };
}

// yaml.v2's reader accepts tab, LF, CR, printable ASCII, NEL and the BMP and astral planes except surrogates
// and U+FFFE/U+FFFF (gopkg.in/yaml.v2 readerc.go: yaml_parser_update_buffer).
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function codePoint(text: string, at: number): string {
  return `U+${(text.codePointAt(at) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The longest line and the deepest nesting, approximately: brackets outside quotes and comments, indentation
 * steps and `- ` indicators. Over-counting is harmless (the limit is ten times what configs use).
 */
function scanShape(text: string): { longestAt: number; longest: number; deepAt: number; depth: number } {
  let longest = 0;
  let longestAt = 0;
  let depth = 0;
  let deepAt = 0;
  let flow = 0;
  const indents: number[] = [];
  let lineStart = 0;
  const n = text.length;
  while (lineStart <= n) {
    let lineEnd = lineStart;
    while (lineEnd < n && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    if (lineEnd - lineStart > longest) [longest, longestAt] = [lineEnd - lineStart, lineStart];
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    const indent = i - lineStart;
    if (i < lineEnd && text[i] !== '#' && flow === 0) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    let dashes = 0;
    while (i < lineEnd && text[i] === '-' && (i + 1 === lineEnd || text[i + 1] === ' ')) {
      dashes++;
      i += 2;
    }
    let quote = '';
    let tokenStart = true;
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = '';
        continue;
      }
      if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if ((c === '"' || c === "'") && tokenStart) quote = c;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      tokenStart = c === ' ' || c === '\t' || c === '[' || c === '{' || c === ',' || c === ':';
      if (indents.length + dashes + flow > depth) [depth, deepAt] = [indents.length + dashes + flow, i];
      if (depth > MAX_NESTING) return { longest, longestAt, depth, deepAt };
    }
    if (indents.length + dashes > depth) [depth, deepAt] = [indents.length + dashes, lineStart];
    // The first place past the limit is the one to show; the rest of the file need not be scanned for depth.
    if (depth > MAX_NESTING) break;
    if (lineEnd >= n) break;
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
  }
  return { longest, longestAt, depth, deepAt };
}

/** Checks a document's text before it is parsed. Linear; never throws. */
export function checkInput(text: string): InputCheck {
  if (text.length > MAX_DOCUMENT_CHARS) {
    return { skip: true, findings: [limitFinding(0, 0, 'size', `This file is ${mib(text.length)}, more than the ${mib(MAX_DOCUMENT_CHARS)} promfed analyses`)] };
  }
  const findings: Finding[] = [];
  const control = CONTROL.exec(text);
  if (control) {
    const nul = text.indexOf('\0');
    const binary = nul >= 0;
    const at = binary ? nul : control.index;
    findings.push({
      code: 'yaml-syntax',
      start: at,
      end: at + (binary ? 1 : control[0].length),
      message: binary
        ? `This file contains NUL characters (${codePoint(text, at)}): it looks like binary data, not YAML, and promfed does not check it further (Prometheus: yaml: control characters are not allowed).`
        : `A control character (${codePoint(text, at)}) that YAML does not allow in a file (Prometheus: yaml: control characters are not allowed).`,
      data: { yamlCode: 'CONTROL_CHARACTER' },
    });
    if (binary) return { skip: true, findings };
  }
  const shape = scanShape(text);
  if (shape.longest > MAX_LINE_CHARS) {
    findings.push(limitFinding(shape.longestAt, shape.longestAt, 'line-length', `This line is ${mib(shape.longest)} long, more than the ${mib(MAX_LINE_CHARS)} promfed analyses`));
    return { skip: true, findings };
  }
  if (shape.depth > MAX_NESTING) {
    findings.push(limitFinding(shape.deepAt, Math.min(text.length, shape.deepAt + 1), 'nesting', `Collections nest more than ${MAX_NESTING} levels deep here`));
    return { skip: true, findings };
  }
  return { skip: false, findings };
}

/**
 * The text the YAML parser reads: a lone CR becomes LF. LSP and yaml.v2 both count a lone CR as a line break,
 * the `yaml` package does not; the replacement keeps every offset.
 */
export function parserText(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Cuts an over-long message; the code and range still say what and where. */
export function clipMessage(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
