// TEMP stub: replaced by the schema branch.
import type { BlockSchema, FieldSchema, PromVersion } from './types';
export * from './types';
const tls: BlockSchema = { goType: 'config.TLSConfig', title: 'TLS config', strict: true, fields: [{ name: 'ca_file', type: { kind: 'string' }, doc: '' }, { name: 'insecure_skip_verify', type: { kind: 'bool' }, doc: '' }] };
const scrape: BlockSchema = {
  goType: 'config.ScrapeConfig', title: 'scrape config', strict: true,
  fields: [
    { name: 'job_name', type: { kind: 'string' }, doc: '' },
    { name: 'honor_labels', type: { kind: 'bool' }, doc: '' },
    { name: 'metrics_path', type: { kind: 'string' }, doc: '' },
    { name: 'scrape_interval', type: { kind: 'duration' }, doc: '' },
    { name: 'scrape_timeout', type: { kind: 'duration' }, doc: '' },
    { name: 'body_size_limit', type: { kind: 'bytes' }, doc: '' },
    { name: 'fallback_scrape_protocol', type: { kind: 'string' }, doc: '', since: '3.0.0' },
    { name: 'params', type: { kind: 'map', of: { kind: 'list', of: { kind: 'string' } } }, doc: '' },
    { name: 'tls_config', type: { kind: 'block', block: tls }, doc: '' },
    { name: 'static_configs', type: { kind: 'list', of: { kind: 'block', block: { goType: 'targetgroup.Group', title: 'static config', strict: true, fields: [{ name: 'targets', type: { kind: 'list', of: { kind: 'string' } }, doc: '' }, { name: 'labels', type: { kind: 'map', of: { kind: 'string' }, keyKind: 'labelName' }, doc: '' }] } } }, doc: '' },
    { name: 'relabel_configs', type: { kind: 'list', of: { kind: 'any' } }, doc: '' },
  ],
};
export const ROOT_SCHEMA: BlockSchema = {
  goType: 'config.plain', title: 'top level', strict: true,
  fields: [
    { name: 'global', type: { kind: 'block', block: { goType: 'config.GlobalConfig', title: 'global', strict: true, fields: [{ name: 'scrape_interval', type: { kind: 'duration' }, doc: '' }, { name: 'scrape_timeout', type: { kind: 'duration' }, doc: '' }, { name: 'external_labels', type: { kind: 'map', of: { kind: 'string' }, keyKind: 'labelName' }, doc: '' }] } }, doc: '' },
    { name: 'scrape_configs', type: { kind: 'list', of: { kind: 'block', block: scrape } }, doc: '' },
    { name: 'rule_files', type: { kind: 'list', of: { kind: 'string' } }, doc: '' },
  ],
};
export function lookupField(block: BlockSchema, key: string, version: PromVersion): { field: FieldSchema; status: 'ok' | 'too-new' | 'removed' } | undefined {
  const field = block.fields.find((f) => f.name === key);
  if (!field) return undefined;
  return { field, status: version === '2' && field.since?.startsWith('3') ? 'too-new' : 'ok' };
}
export function knownFieldNames(block: BlockSchema, version: PromVersion): string[] {
  return block.fields.filter((f) => lookupField(block, f.name, version)?.status === 'ok').map((f) => f.name);
}
