/**
 * The shape of Prometheus' configuration, as data: which keys each block accepts, of what type, since which
 * version. Rules (unknown keys, types), hovers and completion all read it; nothing else knows field names.
 */

/** The Prometheus major version a config is written for (`promfed.prometheusVersion`). */
export type PromVersion = '2' | '3';

export type ValueType =
  | { kind: 'string' }
  /** A string Prometheus hides as `<secret>` (passwords, tokens). Never echoed in messages. */
  | { kind: 'secret' }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'float' }
  /** model.Duration: `1h30m`, `15s`, `0`. */
  | { kind: 'duration' }
  /** units.Base2Bytes: `100MB`, `1GiB`, `0`. */
  | { kind: 'bytes' }
  | { kind: 'enum'; values: readonly string[]; caseInsensitive?: boolean }
  /** A label name (legacy charset in 2.x; any UTF-8 in 3.x). */
  | { kind: 'labelName' }
  | { kind: 'url' }
  | { kind: 'list'; of: ValueType }
  /** A mapping with free keys (labels, params, headers). */
  | { kind: 'map'; of: ValueType; keyKind?: 'labelName' | 'string' }
  | { kind: 'block'; block: BlockSchema }
  /** Anything: promfed does not look inside. */
  | { kind: 'any' };

export interface FieldSchema {
  /** The YAML key. */
  readonly name: string;
  readonly type: ValueType;
  /** One or two sentences for hovers and completion. */
  readonly doc: string;
  /** The default as Prometheus documents it, e.g. `1m`, `false`, `/metrics`. */
  readonly default?: string;
  /** First Prometheus version that accepts the key, e.g. `2.26.0`. Absent: older than 2.0. */
  readonly since?: string;
  /** First Prometheus version that no longer accepts the key. */
  readonly removedIn?: string;
  /** Why the key is deprecated (still accepted). */
  readonly deprecated?: string;
  /**
   * `false` when the value set in `type` (an enum) is only advice: Prometheus itself loads any value
   * (e.g. a scrape config's `scheme`). Absent: Prometheus rejects values outside the type.
   */
  readonly enforced?: false;
}

export interface BlockSchema {
  /** The Go type Prometheus names in its messages, e.g. `config.ScrapeConfig`. */
  readonly goType: string;
  /** A short human name for messages, e.g. `scrape config`. */
  readonly title: string;
  readonly fields: readonly FieldSchema[];
  /** Unknown keys are errors (yaml.v2 UnmarshalStrict). */
  readonly strict: boolean;
  /**
   * The Go struct the block decodes into, e.g. `config.GlobalConfig` (`goType` is often a local alias such
   * as `config.plain`, so it does not identify a block). Unique among the blocks of the schema.
   */
  readonly goStruct?: string;
  /** The type name Prometheus 2.55 prints, when it differs from `goType` (3.x). */
  readonly goTypeV2?: string;
}
