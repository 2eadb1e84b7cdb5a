/**
 * A selector with redundant regex anchors or a regex without metacharacters: write the simpler equivalent.
 * Prometheus anchors every matcher regex itself (`^(?:...)$`, model/labels/regexp.go), so `^` and `$` add nothing,
 * and `=~"up"` matches exactly what `="up"` does.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import { encodeScalar, singleQuoted, styleOf } from './yamlText';
import type { ActionContext, QuickFixProvider } from './types';

const MATCHER = /([A-Za-z_][A-Za-z0-9_]*|"(?:[^"\\]|\\.)*")(\s*)(=~|!~)(\s*)("[^"\\]*"|'[^'\\]*'|`[^`]*`)/y;
const META = /[\\.+*?()|[\]{}^$]/;

function simplifyMatcher(name: string, s1: string, op: string, s2: string, quoted: string): string {
  const q = quoted[0];
  let re = quoted.slice(1, -1);
  if (re.includes('(?')) return `${name}${s1}${op}${s2}${quoted}`; // flags such as (?m) change what anchors mean
  if (re.startsWith('^')) re = re.slice(1);
  if (re.endsWith('$')) re = re.slice(0, -1);
  const newOp = META.test(re) ? op : op === '=~' ? '=' : '!=';
  return `${name}${s1}${newOp}${s2}${q}${re}${q}`;
}

/** The selector with redundant anchors dropped and literal regexes turned into equality; unchanged if none. */
export function simplifySelector(selector: string): string {
  const open = selector.indexOf('{');
  if (open < 0) return selector;
  let out = selector.slice(0, open);
  let i = open;
  while (i < selector.length) {
    MATCHER.lastIndex = i;
    const m = MATCHER.exec(selector);
    if (m && (i === open || /[{,\s]/.test(selector[i - 1]))) {
      out += simplifyMatcher(m[1], m[2], m[3], m[4], m[5]);
      i += m[0].length;
      continue;
    }
    const c = selector[i];
    if (c === '"' || c === "'" || c === '`') {
      // Skip a quoted value whole, so nothing inside it is read as a matcher.
      let j = i + 1;
      while (j < selector.length && selector[j] !== c) j += selector[j] === '\\' && c !== '`' ? 2 : 1;
      out += selector.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** A plain scalar that reads back as this selector in a block list, as many configs write them. */
function plainSelectorOk(value: string, inFlow: boolean): boolean {
  if (value.trim() !== value || value === '') return false;
  if (/^[{[&*!|>'"%@`#,?:-]/.test(value) || /: |\s#|:$/.test(value)) return false;
  return !inFlow || !/[[\]{},]/.test(value);
}

export function encodeSelector(node: Node, value: string, inFlow: boolean): string {
  const style = styleOf(node);
  if (style === 'PLAIN') return plainSelectorOk(value, inFlow) ? value : singleQuoted(value);
  return encodeScalar(value, style);
}

function selectorAt(ctx: ActionContext, offset: number) {
  for (const job of ctx.model.jobs) {
    for (const s of job.selectors) if (s.node.range && s.node.range[0] <= offset && offset <= s.node.range[1]) return { job, selector: s };
  }
  return undefined;
}

export const simplifySelectorFix: QuickFixProvider = {
  codes: ['selector-redundant'],
  provide(ctx, target) {
    const hit = selectorAt(ctx, target.start);
    if (!hit || !isScalar(hit.selector.node) || !hit.selector.node.range) return [];
    const current = hit.selector.value;
    const simplified = typeof target.data.simplified === 'string' ? target.data.simplified : simplifySelector(current);
    if (!simplified || simplified === current) return [];
    const params = hit.job.get('params')?.value;
    const match = params && 'get' in params ? (params as { get(k: string): unknown }).get('match[]') : undefined;
    const inFlow = isSeq(match) && !!match.flow;
    const node = hit.selector.node;
    const newText = encodeSelector(node, simplified, inFlow);
    return [{ title: `Simplify to ${simplified}`, edits: [{ start: node.range![0], end: node.range![1], newText }], preferred: true, safe: true }];
  },
};
