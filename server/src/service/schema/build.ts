/**
 * Small constructors that keep the schema tables readable. Nothing here knows a Prometheus key.
 */
import type { BlockSchema, FieldSchema, ValueType } from './types';

export const STRING: ValueType = { kind: 'string' };
export const SECRET: ValueType = { kind: 'secret' };
export const BOOL: ValueType = { kind: 'bool' };
export const INT: ValueType = { kind: 'int' };
export const FLOAT: ValueType = { kind: 'float' };
export const DURATION: ValueType = { kind: 'duration' };
export const BYTES: ValueType = { kind: 'bytes' };
export const URL: ValueType = { kind: 'url' };
export const LABEL_NAME: ValueType = { kind: 'labelName' };
export const STRINGS: ValueType = { kind: 'list', of: STRING };
export const LABEL_NAMES: ValueType = { kind: 'list', of: LABEL_NAME };
/** A label set: label name -> value (`labels`, `external_labels`). */
export const LABELS: ValueType = { kind: 'map', of: STRING, keyKind: 'labelName' };
/** A string -> string mapping with free keys (headers, metadata). */
export const STRING_MAP: ValueType = { kind: 'map', of: STRING, keyKind: 'string' };

export function oneOf(values: readonly string[], caseInsensitive?: boolean): ValueType {
  return caseInsensitive ? { kind: 'enum', values, caseInsensitive } : { kind: 'enum', values };
}

export function listOf(of: ValueType): ValueType {
  return { kind: 'list', of };
}

export function blockOf(block: BlockSchema): ValueType {
  return { kind: 'block', block };
}

export function blocksOf(block: BlockSchema): ValueType {
  return { kind: 'list', of: { kind: 'block', block } };
}

type FieldOptions = Omit<FieldSchema, 'name' | 'type' | 'doc'>;

export function field(name: string, type: ValueType, doc: string, options: FieldOptions = {}): FieldSchema {
  return { name, type, doc, ...options };
}

export function block(
  goType: string,
  title: string,
  fields: readonly FieldSchema[],
  options: { goStruct?: string; goTypeV2?: string; strict?: boolean } = {},
): BlockSchema {
  const { strict = true, ...rest } = options;
  return { goType, title, fields, strict, ...rest };
}

/** `refresh_interval` of a service discovery. */
export function refreshField(dflt: string): FieldSchema {
  return field('refresh_interval', DURATION, 'How often the targets are re-discovered.', { default: dflt });
}

/** `port` of a service discovery: the port put in the discovered addresses. */
export function portField(doc: string, dflt = '80'): FieldSchema {
  return field('port', INT, doc, { default: dflt });
}

/** Compares dotted versions numerically: `2.9.0` < `2.10.0`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The later of two `since` values; absent means "older than 2.0". */
export function laterSince(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}

/**
 * Copies fields with their `since` raised to `since` (fields inlined into a block that only gained them later).
 * `overrides` pins the `since` of single keys (`null`: older than 2.0).
 */
export function inlinedSince(
  fields: readonly FieldSchema[],
  since: string | undefined,
  overrides: Readonly<Record<string, string | null>> = {},
): FieldSchema[] {
  return fields.map((f) => {
    const pinned = overrides[f.name];
    const s = pinned === null ? undefined : pinned ?? laterSince(f.since, since);
    const { since: _old, ...rest } = f;
    return s === undefined ? rest : { ...rest, since: s };
  });
}
