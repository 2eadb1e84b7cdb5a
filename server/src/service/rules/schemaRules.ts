/**
 * One walk over the document along Prometheus' schema: unknown keys, keys set twice, values of the wrong
 * type or grammar. Mirrors yaml.v2 UnmarshalStrict and the UnmarshalYAML/Validate methods of config/config.go.
 */
import { type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { isMap, isScalar, isSeq } from '../nodeKinds';
import { keyText, resolve, spanOf, type ConfigModel } from '../model';
import { fieldLookups, knownFieldNames, lookupField, ROOT_SCHEMA, type BlockSchema, type FieldLookup, type ValueType } from '../schema';
import { closestName } from '../similar';
import type { Finding, PromVersion } from '../types';
import { durationError, parseBytes } from '../values';
import type { Rule } from './rule';
import { isMappingItem } from '../incremental';

const BOOL_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** yaml.v2's name for a node's kind, as in `cannot unmarshal !!map into string`. */
function tagOf(node: Node | null): string {
  if (node === null) return '!!null';
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return '!!null';
    if (typeof v === 'boolean') return '!!bool';
    if (typeof v === 'number') return Number.isInteger(v) ? '!!int' : '!!float';
    return '!!str';
  }
  return '!!str';
}

function goTypeOf(type: ValueType): string {
  switch (type.kind) {
    case 'block':
      return type.block.goType;
    case 'list':
      return `[]${goTypeOf(type.of)}`;
    case 'map':
      return `map[string]${goTypeOf(type.of)}`;
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'duration':
      return 'model.Duration';
    case 'bytes':
      return 'units.Base2Bytes';
    case 'secret':
      return 'config.Secret';
    default:
      return 'string';
  }
}

function isPlain(node: Scalar): boolean {
  return node.type === undefined || node.type === 'PLAIN';
}

function scalarSource(node: Scalar): string {
  const src = node.source;
  return typeof src === 'string' ? src : String(node.value);
}

/** How a value's path follows from its parent's: a block's field, a free mapping's key, a list's item. */
const FIELD = 0;
const KEY = 1;
const ITEM = 2;
type Step = typeof FIELD | typeof KEY | typeof ITEM;

/** The path of a value (built only when a message or a nested walk needs it). */
function joinPath(parent: string, step: Step, segment: string | number): string {
  if (step === FIELD) return parent ? `${parent}.${segment}` : String(segment);
  return step === KEY ? `${parent}.${segment}` : `${parent}[${segment}]`;
}

function isNullNode(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** Keys of the mapping being checked for duplicates, by position (reused: one mapping at a time). */
const duplicateKeys: (string | undefined)[] = [];

class Walker {
  readonly findings: Finding[] = [];
  private readonly doc: Document.Parsed | null;

  constructor(
    private readonly model: ConfigModel,
    private readonly version: PromVersion,
    /** The scrape_configs list whose mapping items checkJob walks instead. */
    private readonly jobList?: unknown,
  ) {
    this.doc = model.document.yaml;
  }

  private report(code: string, node: { start: number; end: number }, message: string, data?: Record<string, unknown>, related?: Finding['related']) {
    this.findings.push({ code, start: node.start, end: node.end, message, data, related });
  }

  private typeError(node: Node | null, type: ValueType, at: { start: number; end: number }, path: string, extra?: Record<string, unknown>) {
    const tag = tagOf(node);
    const shown = isScalar(node) && tag !== '!!null' ? ` \`${String(node.value)}\`` : '';
    const expected = describe(type);
    this.report(
      'invalid-type',
      at,
      `${path} must be ${expected}, not ${tag === '!!map' ? 'a mapping' : tag === '!!seq' ? 'a list' : `"${isScalar(node) ? scalarSource(node) : ''}"`} (Prometheus: cannot unmarshal ${tag}${shown} into ${goTypeOf(type)}).`,
      { expected: type.kind, got: tag, ...extra },
    );
  }

  /** Checks that each key of a mapping appears once; the second occurrence is reported. `block`: the mapping's schema, if any. */
  private checkDuplicates(pairs: readonly Pair[], block: BlockSchema | undefined, path: string) {
    const n = pairs.length;
    if (n < 2) return;
    const keys = duplicateKeys;
    for (let i = 0; i < n; i++) {
      const key = keyText(pairs[i].key);
      keys[i] = key === '<<' ? undefined : key;
    }
    // Mappings are small: comparing with the keys before costs less than a Map per mapping.
    for (let j = 1; j < n; j++) {
      const key = keys[j];
      if (key === undefined) continue;
      let i = 0;
      while (i < j && keys[i] !== key) i++;
      if (i === j) continue;
      const earlier = pairs[i].key as Scalar;
      const pair = pairs[j];
      const keySpan = spanOf(pair.key as Scalar);
      const valueNode = pair.value as Node | null;
      const pairEnd = valueNode?.range ? valueNode.range[1] : keySpan.end;
      this.report(
        'duplicate-key',
        keySpan,
        block
          ? `${key} is set twice in this ${block.title}; YAML keeps only the last value (Prometheus: field ${key} already set in type ${block.goType}).`
          : `"${key}" is set twice in ${path}; YAML keeps only the last value (Prometheus: key "${key}" already set in map).`,
        { key, firstKeySpan: spanOf(earlier), pairSpan: { start: keySpan.start, end: pairEnd }, goType: block ? block.goType : 'map' },
        [{ ...spanOf(earlier), message: `${key} is first set here` }],
      );
    }
  }

  /**
   * Walks the value `node` (aliases resolved) of the path `joinPath(parent, step, segment)` along `type`; `at`,
   * when given, is where its findings point instead of the value (a `key:` with no value).
   */
  private walk(node: Node | null, type: ValueType, parent: string, step: Step, segment: string | number, at?: { start: number; end: number }): void {
    switch (type.kind) {
      case 'any':
        return;
      case 'block': {
        if (isNullNode(node)) return;
        const path = joinPath(parent, step, segment);
        if (!isMap(node)) return this.typeError(node, type, at ?? spanOf(node), path);
        this.walkBlock(node, type.block, path);
        return;
      }
      case 'list': {
        if (isNullNode(node)) return;
        const path = joinPath(parent, step, segment);
        if (!isSeq(node)) return this.typeError(node, type, at ?? spanOf(node), path);
        this.walkList(node, type.of, path, at);
        return;
      }
      case 'map': {
        if (isNullNode(node)) return;
        const path = joinPath(parent, step, segment);
        if (!isMap(node)) return this.typeError(node, type, at ?? spanOf(node), path);
        const pairs = node.items as Pair[];
        this.checkDuplicates(pairs, undefined, path);
        for (const pair of pairs) {
          const key = keyText(pair.key);
          if (key === undefined) continue;
          if (type.keyKind === 'labelName' && isScalar(pair.key)) this.checkLabelName(key, pair.key as Scalar);
          this.walk(resolve(pair.value, this.doc), type.of, path, KEY, key, pair.value ? undefined : spanOf(pair.key as Node));
        }
        return;
      }
      default:
        this.walkScalar(node, type, at, parent, step, segment);
    }
  }

  private walkList(list: YAMLSeq, of: ValueType, path: string, at: { start: number; end: number } | undefined) {
    const items = list.items;
    const underMatch = path.endsWith('match[]');
    const jobs = list === this.jobList;
    for (let i = 0; i < items.length; i++) {
      // A job's mapping is its job's (checkJob); read without its nodes when its slot let go of them.
      if (jobs && isMappingItem(items, i, (item) => isMap(resolve(item, this.doc)))) continue;
      const item = items[i];
      const itemNode = resolve(item, this.doc);
      if (of.kind === 'block' && isNullNode(itemNode)) {
        const nullMessage = NULL_ITEM_MESSAGES[of.block.goType];
        if (nullMessage) {
          // Point at the item's dash: the null value itself has no characters.
          const text = this.model.document.text;
          let dash = (itemNode ? spanOf(itemNode) : (at ?? spanOf(list))).start;
          while (dash > 0 && text[dash] !== '-') dash--;
          this.report('invalid-value', { start: dash, end: dash + 1 }, nullMessage, { kind: 'null-item' });
        }
        continue;
      }
      if (underMatch && isMap(itemNode) && of.kind === 'string') {
        const s = spanOf(itemNode);
        this.report(
          'invalid-type',
          s,
          'YAML reads an unquoted {...} as a mapping, not as a selector string: quote it (Prometheus: cannot unmarshal !!map into string).',
          { kind: 'flow-map-selector', span: s },
        );
        continue;
      }
      this.walk(itemNode, of, path, ITEM, i);
    }
  }

  /** `node`: the key or value that holds the name, for the finding's span. */
  private checkLabelName(name: string, node: Node, at?: { start: number; end: number }) {
    // Mirrors prometheus/common model/labels.go: LabelName.IsValid (legacy charset before 3.0, UTF-8 after).
    const valid = this.version === '2' ? LEGACY_LABEL.test(name) : name.length > 0;
    if (!valid) {
      this.report('invalid-value', at ?? spanOf(node), `"${name}" is not a valid label name${this.version === '2' ? ' in Prometheus 2.x (letters, digits and _ only, not starting with a digit)' : ''} (Prometheus: "${name}" is not a valid label name).`, { kind: 'label-name' });
    }
  }

  private walkScalar(node: Node | null, type: ValueType, at: { start: number; end: number } | undefined, parent: string, step: Step, segment: string | number) {
    if (isNullNode(node)) return;
    if (!isScalar(node)) return this.typeError(node, type, at ?? spanOf(node), joinPath(parent, step, segment));
    switch (type.kind) {
      case 'bool':
        // yaml.v2 resolves only plain scalars to bools; a quoted "no" is a !!str and fails to unmarshal.
        if (typeof node.value !== 'boolean' && !(isPlain(node) && BOOL_WORDS.has(scalarSource(node)))) this.typeError(node, type, at ?? spanOf(node), joinPath(parent, step, segment));
        return;
      case 'int':
        if (!(typeof node.value === 'number' && Number.isInteger(node.value))) this.typeError(node, type, at ?? spanOf(node), joinPath(parent, step, segment));
        return;
      case 'float':
        if (typeof node.value !== 'number') this.typeError(node, type, at ?? spanOf(node), joinPath(parent, step, segment));
        return;
      case 'duration': {
        const text = String(node.value);
        const error = durationError(text);
        if (error) this.report('invalid-value', at ?? spanOf(node), `${joinPath(parent, step, segment)}: "${text}" is not a duration; write a number and a unit, largest first, e.g. 30s, 1m30s, 2h (Prometheus: ${error}).`, { kind: 'duration' });
        return;
      }
      case 'bytes': {
        const text = String(node.value);
        const r = parseBytes(text);
        if ('error' in r) this.report('invalid-value', at ?? spanOf(node), `${joinPath(parent, step, segment)}: "${text}" is not a size; write a number and a unit, e.g. 100MB or 1GiB (Prometheus: ${r.error}).`, { kind: 'bytes' });
        return;
      }
      case 'enum': {
        const text = String(node.value);
        const ok = type.caseInsensitive ? type.values.some((v) => v.toLowerCase() === text.toLowerCase()) : type.values.includes(text);
        if (!ok) {
          const suggestion = closestName(text, type.values);
          this.report('invalid-value', at ?? spanOf(node), `${joinPath(parent, step, segment)} must be one of ${type.values.map((v) => `"${v}"`).join(', ')}, not "${text}"${suggestion ? `; did you mean "${suggestion}"?` : '.'}`, { kind: 'enum', suggestion });
        }
        return;
      }
      case 'labelName':
        this.checkLabelName(String(node.value), node, at);
        return;
      default:
        return;
    }
  }

  walkBlock(map: YAMLMap, block: BlockSchema, path: string): void {
    const pairs = map.items as Pair[];
    this.checkDuplicates(pairs, block, path);
    const fields = fieldLookups(block, this.version);
    // The mapping's own keys in order; keys merged in with `<<` are checked where the merged mapping is defined.
    for (const pair of pairs) {
      const keyNode = pair.key;
      if (!isScalar(keyNode)) continue;
      const key = keyText(keyNode) as string;
      if (key === '<<') continue;
      const found = fields.get(key);
      if (!found || found.status !== 'ok') {
        if (block.strict) this.unknownKey(key, keyNode, found, block);
        continue;
      }
      const value = resolve(pair.value, this.doc);
      if (value === null && !isScalar(pair.value)) continue;
      this.walk(value, found.field.type, path, FIELD, key, value ? undefined : spanOf(keyNode));
      if (key === 'job_name') this.checkSpecial(key, value, block, keyNode);
    }
  }

  private unknownKey(key: string, keyNode: Scalar, found: FieldLookup | undefined, block: BlockSchema) {
    const known = knownFieldNames(block, this.version);
    const suggestion = found ? undefined : closestName(key, known);
    let why: string;
    if (found?.status === 'too-new') why = `${key} needs Prometheus ${found.field.since ?? '3.0'} or newer; promfed.prometheusVersion is "${this.version}"`;
    else if (found?.status === 'removed') why = `${key} was removed in Prometheus ${found.field.removedIn}`;
    else why = `${key} is not a key of a ${block.title}${suggestion ? `; did you mean ${suggestion}?` : ''}`;
    this.report('unknown-key', spanOf(keyNode), `${why} (Prometheus: field ${key} not found in type ${block.goType}).`, {
      key,
      suggestion,
      status: found?.status ?? 'unknown',
    });
  }

  /** Checks of config/config.go that are not about types. */
  private checkSpecial(key: string, value: Node | null, block: BlockSchema, keyNode: Scalar) {
    if (block.goType === 'config.ScrapeConfig' && key === 'job_name' && (value === null || (isScalar(value) && (value.value === null || value.value === '')))) {
      this.report('invalid-value', value && spanOf(value).end > spanOf(value).start ? spanOf(value) : spanOf(keyNode), 'job_name is empty; every scrape config needs a unique name (Prometheus: job_name is empty).', { kind: 'empty-job-name' });
    }
  }
}

const NULL_ITEM_MESSAGES: Record<string, string> = {
  'config.ScrapeConfig': 'An empty list item in scrape_configs (Prometheus: empty or null scrape config section).',
  'relabel.Config': 'An empty relabeling rule (Prometheus: empty or null target relabeling rule in scrape config).',
};

function describe(type: ValueType): string {
  switch (type.kind) {
    case 'block':
      return `a mapping (${type.block.title})`;
    case 'list':
      return 'a list';
    case 'map':
      return 'a mapping';
    case 'bool':
      return 'true or false';
    case 'int':
      return 'a whole number';
    case 'float':
      return 'a number';
    case 'duration':
      return 'a duration';
    case 'bytes':
      return 'a size';
    default:
      return 'a string';
  }
}

export const schemaRule: Rule = {
  meta: [
    { code: 'unknown-key', severity: 'error', title: 'A key Prometheus does not know in this block (version-aware, with "did you mean")' },
    { code: 'duplicate-key', severity: 'error', title: 'A key written twice in one mapping' },
    { code: 'invalid-type', severity: 'error', title: 'A value of the wrong type (a list where a string belongs, an unquoted {...} selector, ...)' },
    { code: 'invalid-value', severity: 'error', title: 'A value Prometheus rejects: bad durations, sizes, label names, empty job_name, null items' },
  ],
  check(model, ctx) {
    if (!model.root) return [];
    const walker = new Walker(model, ctx.version, jobBlock(model, ctx.version) ? model.scrapeConfigs?.value : undefined);
    walker.walkBlock(model.root, ROOT_SCHEMA, '');
    return walker.findings;
  },
  checkJob(job, ctx) {
    const block = jobBlock(ctx.model, ctx.version);
    if (!block || !job.node) return [];
    const walker = new Walker(ctx.model, ctx.version);
    walker.walkBlock(job.node, block, `scrape_configs[${job.index}]`);
    return walker.findings;
  },
};

/** The scrape config schema, when the walk from the root reaches the jobs through it (else checkJob has nothing to do). */
function jobBlock(model: ConfigModel, version: PromVersion): BlockSchema | undefined {
  const entry = model.scrapeConfigs;
  if (!model.root || !entry || entry.merged || !isSeq(entry.value)) return undefined;
  const found = lookupField(ROOT_SCHEMA, 'scrape_configs', version);
  if (!found || found.status !== 'ok') return undefined;
  const type = found.field.type;
  return type.kind === 'list' && type.of.kind === 'block' ? type.of.block : undefined;
}
