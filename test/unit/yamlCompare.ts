/** Node-by-node comparison of two `yaml` trees: kinds, ranges, values, scalar styles and source tokens. */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';

interface Token {
  type: string;
  offset: number;
  indent: number;
  source: string;
}

function tokenText(t: Token | undefined): string {
  if (!t) return 'none';
  // `end` (what follows the scalar on its line) is left out: the fast path does not build it.
  return `${t.type}@${t.offset}/${t.indent}:${JSON.stringify(t.source)}`;
}

/** The first difference between two trees, as a path and both sides; undefined when they agree. */
export function diffNodes(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return a == b ? undefined : `${path}: ${String(a)} vs ${String(b)}`;
  if (isPair(a) || isPair(b)) {
    if (!isPair(a) || !isPair(b)) return `${path}: pair vs not`;
    return diffNodes(a.key, b.key, `${path}.key`) ?? diffNodes(a.value, b.value, `${path}.value`);
  }
  const x = a as Node & { srcToken?: Token; type?: string; source?: string; format?: string };
  const y = b as Node & { srcToken?: Token; type?: string; source?: string; format?: string };
  const kind = (n: unknown) => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isAlias(n) ? 'alias' : typeof n);
  if (kind(x) !== kind(y)) return `${path}: ${kind(x)} vs ${kind(y)}`;
  if (JSON.stringify(x.range) !== JSON.stringify(y.range)) return `${path}: range ${JSON.stringify(x.range)} vs ${JSON.stringify(y.range)}`;
  if (isScalar(x) && isScalar(y)) {
    const v = (s: unknown) => (typeof s === 'symbol' ? s.toString() : JSON.stringify(s));
    if (v(x.value) !== v(y.value) || x.type !== y.type || x.source !== y.source || x.format !== y.format) {
      return `${path}: scalar ${v(x.value)} ${x.type} ${JSON.stringify(x.source)} ${x.format} vs ${v(y.value)} ${y.type} ${JSON.stringify(y.source)} ${y.format}`;
    }
    if (tokenText(x.srcToken) !== tokenText(y.srcToken)) return `${path}: token ${tokenText(x.srcToken)} vs ${tokenText(y.srcToken)}`;
    return undefined;
  }
  if (isMap(x) || isSeq(x)) {
    const xi = (x as { items: unknown[] }).items;
    const yi = (y as unknown as { items: unknown[] }).items;
    if (xi.length !== yi.length) return `${path}: ${xi.length} items vs ${yi.length}`;
    if (!!(x as { flow?: boolean }).flow !== !!(y as { flow?: boolean }).flow) return `${path}: flow differs`;
    for (let i = 0; i < xi.length; i++) {
      const d = diffNodes(xi[i], yi[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}
