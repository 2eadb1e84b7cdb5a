/**
 * Test helpers: encode a string as a YAML scalar in each style, parse it back with source tokens, and check
 * what a span of the document holds. Shared by the promql and scalarOffsets tests.
 */
import { isScalar, isSeq, parseDocument, type Scalar } from 'yaml';

export type YamlStyle = 'plain' | 'single' | 'double' | 'double-escaped' | 'literal' | 'folded';
export const STYLES: readonly YamlStyle[] = ['plain', 'single', 'double', 'double-escaped', 'literal', 'folded'];

/** Where the encoded scalar goes: an item of `match[]`, as in a federation job. */
const PREFIX = 'scrape_configs:\n  - job_name: fed\n    params:\n      match[]:\n        - ';
const INDENT = '          ';

function dqChar(c: string, escapeAll: boolean): string {
  switch (c) {
    case '"': return '\\"';
    case '\\': return '\\\\';
    case '\n': return '\\n';
    case '\t': return escapeAll ? '\\t' : '\t';
    case '\r': return '\\r';
  }
  const cp = c.codePointAt(0)!;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0');
  if (escapeAll && cp > 0x7e) return cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
  return c;
}

/** Encodes one character as it appears, unfolded, inside a scalar of `style`. */
export function encodeChar(c: string, style: YamlStyle): string {
  if (style === 'double') return dqChar(c, false);
  if (style === 'double-escaped') return dqChar(c, true);
  if (style === 'single') return c === "'" ? "''" : c;
  return c;
}

/** Encodes a fragment without folding (what a span over it holds in the document). */
export function encodeFragment(s: string, style: YamlStyle): string {
  return [...s].map((c) => encodeChar(c, style)).join('');
}

/**
 * The YAML scalar text for `s` in `style`, or undefined when the style cannot hold `s` this simply.
 * `fold` breaks lines at single spaces (flow styles fold a line break back into a space).
 */
export function encodeScalar(s: string, style: YamlStyle, fold: readonly boolean[] = []): string | undefined {
  const chars = [...s];
  const foldable = (i: number) => chars[i] === ' ' && i > 0 && i < chars.length - 1 && !/\s/.test(chars[i - 1]) && !/\s/.test(chars[i + 1]);
  switch (style) {
    case 'double':
    case 'double-escaped': {
      let out = '"';
      chars.forEach((c, i) => {
        if (fold[i] && foldable(i)) out += '\n' + INDENT;
        else if (fold[i] && i > 0 && !/[ \t]/.test(c)) out += '\\\n' + INDENT + encodeChar(c, style);
        else out += encodeChar(c, style);
      });
      return out + '"';
    }
    case 'single': {
      if (/[\r\x00-\x08\x0b-\x1f\x7f]/.test(s)) return undefined;
      let out = "'";
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        if (c === '\n') {
          // A run of n newlines is n+1 line breaks; blanks around it would be trimmed.
          let j = i;
          while (chars[j] === '\n') j++;
          if (i === 0 || j === chars.length || /[ \t]/.test(chars[i - 1]) || /[ \t]/.test(chars[j])) return undefined;
          out += '\n'.repeat(j - i + 1) + INDENT;
          i = j - 1;
        } else if (fold[i] && foldable(i)) {
          out += '\n' + INDENT;
        } else {
          out += encodeChar(c, style);
        }
      }
      return out + "'";
    }
    case 'plain': {
      if (s === '' || /[\n\r\t]|: |:$| #|^[-?:,[\]{}#&*!|>'"%@`\s]|\s$/.test(s)) return undefined;
      return chars.map((c, i) => (fold[i] && foldable(i) ? '\n' + INDENT : c)).join('');
    }
    case 'literal': {
      if (s === '' || /[\r\x00-\x08\x0b-\x1f\x7f]/.test(s) || s.endsWith('\n') || /(^|\n)[ \t]*(\n|$)/.test(s)) return undefined;
      const header = /^[ \t]/.test(s) ? '|2-' : '|-';
      return header + '\n' + s.split('\n').map((l) => INDENT + l).join('\n');
    }
    case 'folded': {
      if (s === '' || /[\n\r\x00-\x08\x0b-\x1f\x7f]/.test(s) || /^\s|\s$/.test(s)) return undefined;
      const header = '>-';
      return header + '\n' + INDENT + chars.map((c, i) => (fold[i] && foldable(i) ? '\n' + INDENT : c)).join('');
    }
  }
}

export interface ParsedScalar {
  readonly text: string;
  readonly node: Scalar;
}

/** The document holding `scalar` as the first `match[]` item, parsed as the language service parses it. */
export function parseScalar(scalar: string): ParsedScalar | undefined {
  const text = `${PREFIX}${scalar}\n`;
  const doc = parseDocument(text, { keepSourceTokens: true });
  if (doc.errors.length) return undefined;
  const match = doc.getIn(['scrape_configs', 0, 'params', 'match[]'], true);
  if (!isSeq(match)) return undefined;
  const node = match.items[0];
  return isScalar(node) ? { text, node } : undefined;
}

/** Encodes and parses; undefined unless the round trip gives back exactly `s` as a string. */
export function roundTrip(s: string, style: YamlStyle, fold: readonly boolean[] = []): ParsedScalar | undefined {
  const scalar = encodeScalar(s, style, fold);
  if (scalar === undefined) return undefined;
  const parsed = parseScalar(scalar);
  return parsed && parsed.node.value === s ? parsed : undefined;
}
