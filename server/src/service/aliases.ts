/**
 * YAML aliases without the two ways they can take a language server down.
 *
 * - `Alias.resolve(doc)` of the `yaml` package walks the whole document on every call, so a file of n aliases
 *   costs n² (16 000 aliases in 64 KB took minutes). Here one walk per document builds a table.
 * - Aliases (and `<<` merges) expand exponentially: ten anchors of ten aliases each are 10¹⁰ nodes to a tree
 *   walk ("billion laughs"). The expansion is measured once, in linear time; a document over the budget is not
 *   analysed (yaml.v2 refuses such documents too: "document contains excessive aliasing").
 */
import { type Alias, type Document, type Node } from 'yaml';
import { isAlias, isMap, isPair, isSeq } from './nodeKinds';
import { MAX_ALIAS_EXPANSION, MAX_NESTING } from './limits';
import type { Finding } from './types';

interface AliasTable {
  /** What each alias of the document points at (undefined: unknown anchor). */
  readonly targets: Map<Alias, Node | undefined>;
}

const tables = new WeakMap<object, AliasTable>();

function childrenOf(node: unknown): unknown[] {
  if (isMap(node) || isSeq(node)) {
    const out: unknown[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) out.push(item.key, item.value);
      else out.push(item);
    }
    return out;
  }
  return [];
}

/** One pre-order walk, in the order `yaml`'s own `visit` uses, so an alias finds the same anchor it would. */
function buildTable(doc: Document.Parsed): AliasTable {
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source));
      continue;
    }
    const anchor = (node as { anchor?: unknown }).anchor;
    if (typeof anchor === 'string' && anchor !== '') anchors.set(anchor, node as Node);
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return { targets };
}

function tableOf(doc: Document.Parsed): AliasTable {
  let table = tables.get(doc);
  if (!table) {
    table = buildTable(doc);
    tables.set(doc, table);
  }
  return table;
}

/** The node an alias points at, in O(1) after one walk of its document. */
export function resolveAlias(alias: Alias, doc: Document.Parsed): Node | undefined {
  return tableOf(doc).targets.get(alias);
}

interface Expansion {
  /** Nodes a walk that follows every alias visits; Infinity for a cycle. */
  readonly size: number;
  /** Depth of that walk. */
  readonly depth: number;
  /** Nodes the file itself spells out. */
  readonly own: number;
  /** The alias that contributes most, or that closes a cycle. */
  readonly worst: Alias | undefined;
  readonly cycle: boolean;
}

interface Measure {
  size: number;
  depth: number;
}

/**
 * Size and depth of the fully expanded tree. Each anchored node is measured once (memoised), so the cost is
 * the document plus its anchored parts, whatever they expand to.
 */
export function measureExpansion(doc: Document.Parsed): Expansion {
  const { targets } = tableOf(doc);
  const memo = new Map<object, Measure>();
  const inProgress = new Set<object>();
  let worst: Alias | undefined;
  let worstSize = 0;
  let cycle: Alias | undefined;
  let own = 0;
  const measure = (root: object, hops: number, counting: boolean): Measure => {
    const cached = memo.get(root);
    if (cached) return cached;
    inProgress.add(root);
    let size = 0;
    let depth = 0;
    const stack: [unknown, number][] = [[root, 1]];
    while (stack.length) {
      const [node, d] = stack.pop()!;
      if (!node || typeof node !== 'object') continue;
      if (isAlias(node)) {
        const target = targets.get(node);
        let m: Measure = { size: 1, depth: d };
        if (target && inProgress.has(target)) {
          cycle ??= node;
          m = { size: Infinity, depth: Infinity };
        } else if (target && hops >= MAX_NESTING) {
          // Each hop nests at least one level deeper: past the limit, the depth alone decides.
          m = { size: Infinity, depth: Infinity };
        } else if (target) {
          const t = measure(target, hops + 1, false);
          m = { size: t.size, depth: d - 1 + t.depth };
        }
        size += m.size;
        depth = Math.max(depth, m.depth);
        if (m.size > worstSize) [worst, worstSize] = [node, m.size];
        continue;
      }
      size++;
      if (counting) own++;
      depth = Math.max(depth, d);
      const children = childrenOf(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], d + 1]);
    }
    inProgress.delete(root);
    const result = { size, depth };
    memo.set(root, result);
    return result;
  };
  const contents = doc.contents as object | null;
  const total = contents && typeof contents === 'object' ? measure(contents, 0, true) : { size: 0, depth: 0 };
  return { size: total.size, depth: total.depth, own, worst: cycle ?? worst, cycle: cycle !== undefined };
}

// An alias starts a token, and needs an anchor to point at: most files (federation selectors are full of `.*`)
// have no alias at all and are not walked.
const MAY_HAVE_ALIAS = /(?:^|[\s[{,])\*[^\s,[\]{}]/m;

/** yaml.v2 refuses an alias whose anchor is not defined before it; the `yaml` package reads it as null. */
function unknownAliases(doc: Document.Parsed): Finding[] {
  const out: Finding[] = [];
  for (const [alias, target] of tableOf(doc).targets) {
    if (target || !alias.range) continue;
    out.push({
      code: 'yaml-syntax',
      start: alias.range[0],
      end: Math.max(alias.range[0] + 1, alias.range[1]),
      message: `No anchor &${alias.source} is defined before this alias (Prometheus: yaml: unknown anchor '${alias.source}' referenced).`,
      data: { yamlCode: 'UNKNOWN_ANCHOR' },
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface AliasCheck {
  readonly findings: Finding[];
  /** The aliases expand past the budget: the document must not be analysed. */
  readonly bomb: boolean;
}

/**
 * Unknown anchors, and the `alias-limit` finding for a document whose aliases expand past the budget. Files
 * without an alias (most) cost one regular expression here.
 */
export function checkAliases(doc: Document.Parsed, text: string): AliasCheck {
  if (!MAY_HAVE_ALIAS.test(text)) return { findings: [], bomb: false };
  const findings = unknownAliases(doc);
  if (!text.includes('&')) return { findings, bomb: false };
  const e = measureExpansion(doc);
  const budget = e.own + MAX_ALIAS_EXPANSION;
  if (!e.cycle && e.size <= budget && e.depth <= MAX_NESTING) return { findings, bomb: false };
  const at = e.worst?.range ? { start: e.worst.range[0], end: Math.max(e.worst.range[0] + 1, e.worst.range[1]) } : { start: 0, end: 0 };
  const why = e.cycle
    ? 'This alias refers to the node that contains it, so it expands forever'
    : e.depth > MAX_NESTING
      ? `Aliases nest this document more than ${MAX_NESTING} levels deep`
      : `Aliases expand this document to ${Number.isFinite(e.size) && e.size < 1e15 ? Math.round(e.size).toLocaleString('en-US') : 'an astronomical number of'} nodes, more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} beyond what the file spells out`;
  findings.push({
    code: 'alias-limit',
    start: at.start,
    end: at.end,
    message: `${why} (an "alias bomb"?); promfed does not check this file further (Prometheus: yaml: document contains excessive aliasing).`,
    data: { kind: e.cycle ? 'cycle' : e.depth > MAX_NESTING ? 'depth' : 'expansion' },
  });
  return { findings, bomb: true };
}
