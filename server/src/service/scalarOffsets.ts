/**
 * TEMP stub, replaced by the promql branch: maps an offset in a scalar's decoded value to a document offset.
 * Handles plain, single- and double-quoted scalars without escapes or line folding.
 */
import type { Scalar } from 'yaml';

export function scalarOffsetMap(text: string, node: Scalar): (valueOffset: number) => number {
  const start = node.range?.[0] ?? 0;
  const quoted = text[start] === "'" || text[start] === '"';
  const base = quoted ? start + 1 : start;
  return (offset) => base + offset;
}
