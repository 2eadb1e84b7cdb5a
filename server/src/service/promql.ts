/**
 * TEMP stub, replaced by the promql branch: just enough of `checkSelector` (selector-only grammar through
 * lezer-promql) for the federation rules and hovers to be written against the agreed signature.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface SelectorMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
  /** Offsets of the whole matcher in the selector string. */
  readonly start: number;
  readonly end: number;
}

export interface SelectorError {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface SelectorCheck {
  readonly errors: SelectorError[];
  /** The matchers written inside the braces (the metric name before them is `metricName`). */
  readonly matchers: SelectorMatcher[];
  readonly metricName?: string;
}

function unquote(raw: string): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  const body = raw.slice(1, -1);
  return body.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c] ?? c);
}

function position(selector: string, offset: number): string {
  const before = selector.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

export function checkSelector(selector: string, version: '2' | '3'): SelectorCheck {
  const errors: SelectorError[] = [];
  const matchers: SelectorMatcher[] = [];
  let metricName: string | undefined;
  const fail = (start: number, end: number, what: string) =>
    errors.push({ start, end, message: `${position(selector, start)}: parse error: ${what}` });
  if (selector.trim() === '') {
    fail(0, selector.length, 'unexpected end of input');
    return { errors, matchers };
  }
  const tree = parser.parse(selector);
  const top = tree.topNode.firstChild;
  if (!top || top.name !== 'VectorSelector') {
    const at = top?.name === 'MatrixSelector' ? (top.getChild('VectorSelector')?.to ?? top.from) : (top?.from ?? 0);
    fail(at, Math.min(selector.length, at + 1), `unexpected ${JSON.stringify(selector.slice(at, at + 1))}`);
    return { errors, matchers };
  }
  tree.iterate({
    enter(ref) {
      if (ref.type.isError && errors.length === 0) {
        const at = ref.from;
        fail(at, Math.max(at + 1, ref.to), at >= selector.length ? 'unexpected end of input' : `unexpected character: '${selector[at]}'`);
      }
    },
  });
  const ident = top.getChild('Identifier');
  if (ident) metricName = selector.slice(ident.from, ident.to);
  const list = top.getChild('LabelMatchers');
  for (let child: SyntaxNode | null = list?.firstChild ?? null; child; child = child.nextSibling) {
    if (child.name === 'QuotedLabelName') {
      if (version === '2') fail(child.from, child.to, `unexpected string ${JSON.stringify(selector.slice(child.from, child.to))} in label matching, expected identifier or "}"`);
      else metricName = unquote(selector.slice(child.from, child.to));
      continue;
    }
    if (child.name !== 'UnquotedLabelMatcher' && child.name !== 'QuotedLabelMatcher') continue;
    const nameNode = child.getChild('LabelName') ?? child.getChild('QuotedLabelName');
    const op = child.getChild('MatchOp');
    const value = child.getChild('StringLiteral');
    if (!nameNode || !op || !value) continue;
    if (nameNode.name === 'QuotedLabelName' && version === '2') {
      fail(nameNode.from, nameNode.to, `unexpected string ${JSON.stringify(selector.slice(nameNode.from, nameNode.to))} in label matching, expected identifier or "}"`);
      continue;
    }
    const rawName = selector.slice(nameNode.from, nameNode.to);
    matchers.push({
      name: nameNode.name === 'QuotedLabelName' ? unquote(rawName) : rawName,
      op: selector.slice(op.from, op.to) as MatchOp,
      value: unquote(selector.slice(value.from, value.to)),
      start: child.from,
      end: child.to,
    });
  }
  return { errors, matchers, ...(metricName !== undefined ? { metricName } : {}) };
}
