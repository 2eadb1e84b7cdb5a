/**
 * TEMP stub, replaced by the schema branch: a small part of Prometheus' configuration schema, enough for
 * hovers and completion to be written against `ROOT_SCHEMA` and `lookupField`.
 */
import type { BlockSchema, FieldSchema, PromVersion, ValueType } from './types';

const S: ValueType = { kind: 'string' };
const SECRET: ValueType = { kind: 'secret' };
const B: ValueType = { kind: 'bool' };
const D: ValueType = { kind: 'duration' };
const I: ValueType = { kind: 'int' };
const f = (name: string, type: ValueType, doc: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ name, type, doc, ...extra });
const block = (goType: string, title: string, fields: FieldSchema[]): BlockSchema => ({ goType, title, fields, strict: true });

const BASIC_AUTH = block('config.BasicAuth', 'basic_auth', [
  f('username', S, 'The user name.'),
  f('password', SECRET, 'The password, written in the file.'),
  f('password_file', S, 'A file holding the password, read on every request.'),
]);
const AUTHORIZATION = block('config.Authorization', 'authorization', [
  f('type', S, 'The authentication scheme.', { default: 'Bearer' }),
  f('credentials', SECRET, 'The credentials, written in the file.'),
  f('credentials_file', S, 'A file holding the credentials, read on every request.'),
]);
const OAUTH2 = block('config.OAuth2', 'oauth2', [
  f('client_id', S, 'The OAuth2 client id.'),
  f('client_secret', SECRET, 'The OAuth2 client secret, written in the file.'),
  f('client_secret_file', S, 'A file holding the client secret.'),
  f('token_url', { kind: 'url' }, 'The URL to fetch the token from.'),
]);
const TLS = block('config.TLSConfig', 'tls_config', [
  f('ca_file', S, 'CA certificate to validate the server certificate with.'),
  f('cert_file', S, 'Client certificate file.'),
  f('key_file', S, 'Client key file.'),
  f('server_name', S, 'Server name for SNI and verification.'),
  f('insecure_skip_verify', B, 'Skip verification of the server certificate.', { default: 'false' }),
]);
const STATIC = block('targetgroup.plain', 'static config', [
  f('targets', { kind: 'list', of: S }, 'host:port addresses to scrape.'),
  f('labels', { kind: 'map', of: S, keyKind: 'labelName' }, 'Labels attached to every target of the group.'),
]);
const HTTP: FieldSchema[] = [
  f('basic_auth', { kind: 'block', block: BASIC_AUTH }, 'HTTP basic authentication.'),
  f('authorization', { kind: 'block', block: AUTHORIZATION }, 'The Authorization header of every request.', { since: '2.26.0' }),
  f('oauth2', { kind: 'block', block: OAUTH2 }, 'OAuth2 client credentials.', { since: '2.27.0' }),
  f('bearer_token', SECRET, 'Bearer token.', { deprecated: 'use authorization.credentials' }),
  f('bearer_token_file', S, 'File with the bearer token.', { deprecated: 'use authorization.credentials_file' }),
  f('tls_config', { kind: 'block', block: TLS }, 'TLS settings.'),
];
export const SCRAPE_CONFIG: BlockSchema = block('config.ScrapeConfig', 'scrape config', [
  f('job_name', S, 'The job name, added as label `job` to every scraped series. Must be unique.'),
  f('scrape_interval', D, 'How often to scrape the targets of this job.', { default: 'global.scrape_interval' }),
  f('scrape_timeout', D, 'How long a scrape may take.', { default: 'global.scrape_timeout' }),
  f('metrics_path', S, 'The HTTP path to scrape.', { default: '/metrics' }),
  f('honor_labels', B, 'Keep the scraped labels when they clash with target labels.', { default: 'false' }),
  f('honor_timestamps', B, 'Keep the timestamps the target exposes.', { default: 'true', since: '2.9.0' }),
  f('track_timestamps_staleness', B, 'Write staleness markers for series with explicit timestamps.', { default: 'false', since: '2.49.0' }),
  f('scheme', S, 'http or https.', { default: 'http' }),
  f('params', { kind: 'map', of: { kind: 'list', of: S }, keyKind: 'string' }, 'URL parameters of the scrape request.'),
  f('sample_limit', I, 'Fail the scrape above this many samples.', { default: '0' }),
  f('body_size_limit', { kind: 'bytes' }, 'Fail the scrape above this uncompressed body size.', { default: '0', since: '2.28.0' }),
  f('fallback_scrape_protocol', S, 'Protocol used when the Content-Type is missing.', { since: '3.0.0' }),
  f('static_configs', { kind: 'list', of: { kind: 'block', block: STATIC } }, 'Targets listed in the file.'),
  f('relabel_configs', { kind: 'list', of: { kind: 'any' } }, 'Relabeling of targets.'),
  f('metric_relabel_configs', { kind: 'list', of: { kind: 'any' } }, 'Relabeling of scraped samples.'),
  ...HTTP,
]);
const GLOBAL = block('config.GlobalConfig', 'global config', [
  f('scrape_interval', D, 'How often to scrape targets by default.', { default: '1m' }),
  f('scrape_timeout', D, 'How long a scrape may take by default.', { default: '10s' }),
  f('evaluation_interval', D, 'How often to evaluate rules.', { default: '1m' }),
  f('external_labels', { kind: 'map', of: S, keyKind: 'labelName' }, 'Labels added to series sent to external systems.'),
]);
const REMOTE_WRITE = block('config.RemoteWriteConfig', 'remote write config', [f('url', { kind: 'url' }, 'Where to send samples.'), ...HTTP]);
const ALERTMANAGER = block('config.AlertmanagerConfig', 'alertmanager config', [f('static_configs', { kind: 'list', of: { kind: 'block', block: STATIC } }, 'Alertmanagers listed in the file.'), ...HTTP]);
const ALERTING = block('config.AlertingConfig', 'alerting config', [
  f('alertmanagers', { kind: 'list', of: { kind: 'block', block: ALERTMANAGER } }, 'The Alertmanagers to send alerts to.'),
]);

export const ROOT_SCHEMA: BlockSchema = block('config.plain', 'configuration', [
  f('global', { kind: 'block', block: GLOBAL }, 'Defaults for every other section.'),
  f('scrape_configs', { kind: 'list', of: { kind: 'block', block: SCRAPE_CONFIG } }, 'The scrape jobs.'),
  f('rule_files', { kind: 'list', of: S }, 'Rule files to load.'),
  f('alerting', { kind: 'block', block: ALERTING }, 'Alertmanager settings.'),
  f('remote_write', { kind: 'list', of: { kind: 'block', block: REMOTE_WRITE } }, 'Remote write endpoints.'),
]);

function major(v: string): number {
  return Number(v.split('.')[0]);
}

/** The field `key` of `block`, as Prometheus `version` knows it; undefined when that version has no such key. */
export function lookupField(schema: BlockSchema, key: string, version: PromVersion): FieldSchema | undefined {
  const field = schema.fields.find((x) => x.name === key);
  if (!field) return undefined;
  if (field.since && major(field.since) > Number(version)) return undefined;
  if (field.removedIn && major(field.removedIn) <= Number(version)) return undefined;
  return field;
}
