/**
 * The field schema of prometheus.yml and the version-aware lookups rules, hovers and completion use.
 */
import { compareVersions } from './build';
import { PROMETHEUS_CONFIG, SCRAPE_CONFIG_FILE } from './prometheus';
import type { BlockSchema, FieldSchema, PromVersion, ValueType } from './types';

export type { BlockSchema, FieldSchema, PromVersion, ValueType } from './types';
export { RELABEL_ACTIONS } from './relabel';
export { SCRAPE_PROTOCOLS } from './prometheus';
export { SD_CONFIG_KEYS } from './sd';

/** The whole config file (Prometheus prints its type as `config.plain`). */
export const ROOT_SCHEMA: BlockSchema = PROMETHEUS_CONFIG;

/** A file named in `scrape_config_files` (2.43+): only `scrape_configs` (printed as `config.ScrapeConfigs`). */
export const SCRAPE_CONFIG_FILE_SCHEMA: BlockSchema = SCRAPE_CONFIG_FILE;

/**
 * The newest release each `promfed.prometheusVersion` stands for: "2" is the last 2.x line (2.55.x),
 * "3" the current 3.x (3.14.x).
 */
export const VERSION_CEILING: Readonly<Record<PromVersion, string>> = { '2': '2.55.999', '3': '3.14.999' };

export type FieldStatus = 'ok' | 'too-new' | 'removed';

/** Whether Prometheus `version` loads the key: `too-new` if it came later, `removed` if it was dropped. */
export function fieldStatus(field: FieldSchema, version: PromVersion): FieldStatus {
  const ceiling = VERSION_CEILING[version];
  if (field.removedIn !== undefined && compareVersions(field.removedIn, ceiling) <= 0) return 'removed';
  if (field.since !== undefined && compareVersions(field.since, ceiling) > 0) return 'too-new';
  return 'ok';
}

export interface FieldLookup {
  readonly field: FieldSchema;
  readonly status: FieldStatus;
}

/** One block's keys under one version, each with its status; built on first use (the schema is constant). */
interface BlockIndex {
  readonly byName: ReadonlyMap<string, FieldLookup>;
  readonly known: readonly string[];
}

const blockIndexes: Record<PromVersion, WeakMap<BlockSchema, BlockIndex>> = { '2': new WeakMap(), '3': new WeakMap() };

function indexOf(block: BlockSchema, version: PromVersion): BlockIndex {
  let index = blockIndexes[version].get(block);
  if (!index) {
    const byName = new Map<string, FieldLookup>();
    for (const field of block.fields) {
      // The first field of a name wins, as a search from the start would find it.
      if (!byName.has(field.name)) byName.set(field.name, { field, status: fieldStatus(field, version) });
    }
    const known = block.fields.filter((f) => fieldStatus(f, version) === 'ok').map((f) => f.name);
    index = { byName, known };
    blockIndexes[version].set(block, index);
  }
  return index;
}

/** The schema of `key` in `block`, with its status under `version`; undefined if Prometheus never had it. */
export function lookupField(block: BlockSchema, key: string, version: PromVersion): FieldLookup | undefined {
  return indexOf(block, version).byName.get(key);
}

/** lookupField for every key of `block` at once: for a caller that looks up many keys of one block. */
export function fieldLookups(block: BlockSchema, version: PromVersion): ReadonlyMap<string, FieldLookup> {
  return indexOf(block, version).byName;
}

/** Keys `version` accepts in `block`, in schema order (for completion and did-you-mean). */
export function knownFieldNames(block: BlockSchema, version: PromVersion): string[] {
  return indexOf(block, version).known.slice();
}

/** The block a value of this type holds, looking through lists and maps (`scrape_configs` -> scrape config). */
export function childBlock(type: ValueType): BlockSchema | undefined {
  switch (type.kind) {
    case 'block':
      return type.block;
    case 'list':
    case 'map':
      return childBlock(type.of);
    default:
      return undefined;
  }
}

/** Every block reachable from `root`, each once, parents before children. */
export function allBlocks(root: BlockSchema = ROOT_SCHEMA): BlockSchema[] {
  const seen = new Set<BlockSchema>();
  const queue: BlockSchema[] = [root];
  while (queue.length > 0) {
    const b = queue.shift() as BlockSchema;
    if (seen.has(b)) continue;
    seen.add(b);
    for (const f of b.fields) {
      const child = childBlock(f.type);
      if (child && !seen.has(child)) queue.push(child);
    }
  }
  return [...seen];
}

/**
 * Blocks whose unknown-field message names `goType` (e.g. `config.ScrapeConfig`). Several blocks share
 * names such as `config.plain`, hence a list.
 */
export function findBlocks(goType: string): BlockSchema[] {
  return allBlocks().filter((b) => b.goType === goType || b.goTypeV2 === goType);
}

/** The block decoded into the Go struct `goStruct` (e.g. `config.GlobalConfig`). */
export function findBlockByStruct(goStruct: string): BlockSchema | undefined {
  return allBlocks().find((b) => b.goStruct === goStruct);
}

/** Go struct -> the type name Prometheus 3.x prints in "field X not found in type Y". */
export const PRINTED_GO_TYPES: ReadonlyMap<string, string> = new Map(
  allBlocks()
    .filter((b) => b.goStruct !== undefined)
    .map((b) => [b.goStruct as string, b.goType] as const),
);

/** The field when `version` accepts the key, else undefined (for hovers and completion). */
export function knownField(block: BlockSchema, key: string, version: PromVersion): FieldSchema | undefined {
  const found = lookupField(block, key, version);
  return found && found.status === 'ok' ? found.field : undefined;
}
