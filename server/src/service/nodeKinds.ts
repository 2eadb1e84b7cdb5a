/**
 * The `yaml` package's node tests (isScalar, isMap, isSeq, isPair, isAlias) as `instanceof` tests. `yaml`'s own
 * read a symbol-keyed property: in a check, that one load sees every kind of node, key and value, goes
 * megamorphic and is looked up in V8's stub cache each time, while `instanceof` against one class compiles to a
 * walk up the prototype chain. The fast parser's nodes inherit from the `yaml` classes (fastYaml.ts), so both
 * answer the same for every node; a test compares them on parsed configs.
 */
import { Alias, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

export function isScalar(node: unknown): node is Scalar {
  return node instanceof Scalar;
}

export function isMap(node: unknown): node is YAMLMap {
  return node instanceof YAMLMap;
}

export function isSeq(node: unknown): node is YAMLSeq {
  return node instanceof YAMLSeq;
}

export function isPair(node: unknown): node is Pair {
  return node instanceof Pair;
}

export function isAlias(node: unknown): node is Alias {
  return node instanceof Alias;
}
