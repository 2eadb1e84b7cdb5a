/**
 * The top of prometheus.yml: global, scrape configs, alerting, storage, tracing, runtime, otlp.
 */
// Mirrors prometheus/prometheus config/config.go.
import {
  BOOL,
  BYTES,
  DURATION,
  FLOAT,
  INT,
  LABELS,
  STRING,
  STRINGS,
  STRING_MAP,
  block,
  blockOf,
  blocksOf,
  field,
  listOf,
  oneOf,
} from './build';
import { TLS_CONFIG, httpClientFields } from './http';
import { RELABEL_CONFIG } from './relabel';
import { REMOTE_READ_CONFIG, REMOTE_SIGV4_CONFIG, REMOTE_WRITE_CONFIG } from './remote';
import { serviceDiscoveryFields } from './sd';
import type { BlockSchema, FieldSchema } from './types';

/** Values of `scrape_protocols` / `fallback_scrape_protocol` (case-sensitive). */
export const SCRAPE_PROTOCOLS: readonly string[] = [
  'PrometheusProto',
  'PrometheusText0.0.4',
  'PrometheusText1.0.0',
  'OpenMetricsText0.0.1',
  'OpenMetricsText1.0.0',
];

const VALIDATION_SCHEMES = oneOf(['utf8', 'legacy']);
const ESCAPING_SCHEMES = oneOf(['allow-utf-8', 'underscores', 'dots', 'values']);

/** The limits and per-scrape settings a job inherits from `global` when it leaves them unset. */
function inheritableScrapeFields(scope: 'global' | 'job'): FieldSchema[] {
  const inherit = scope === 'job' ? ' Unset or 0: the global value.' : '';
  const sinceLimits = scope === 'global' ? '2.45.0' : undefined;
  const onJob = <T extends FieldSchema>(f: T, jobSince?: string, globalSince?: string): FieldSchema => {
    const since = scope === 'job' ? jobSince : globalSince;
    return since ? { ...f, since } : f;
  };
  return [
    onJob(
      field('body_size_limit', BYTES, `Largest uncompressed response body accepted; a bigger scrape fails.${inherit}`, {
        default: '0 (no limit)',
      }),
      '2.28.0',
      sinceLimits,
    ),
    onJob(
      field('sample_limit', INT, `Most samples a scrape may keep after metric relabeling; more fails it.${inherit}`, {
        default: '0 (no limit)',
      }),
      undefined,
      sinceLimits,
    ),
    onJob(
      field('target_limit', INT, `Most targets a job may have after relabeling.${inherit}`, { default: '0 (no limit)' }),
      '2.21.0',
      sinceLimits,
    ),
    onJob(
      field('label_limit', INT, `Most labels a sample may carry after metric relabeling.${inherit}`, {
        default: '0 (no limit)',
      }),
      '2.27.0',
      sinceLimits,
    ),
    onJob(
      field('label_name_length_limit', INT, `Longest label name accepted.${inherit}`, { default: '0 (no limit)' }),
      '2.27.0',
      sinceLimits,
    ),
    onJob(
      field('label_value_length_limit', INT, `Longest label value accepted.${inherit}`, { default: '0 (no limit)' }),
      '2.27.0',
      sinceLimits,
    ),
    field('keep_dropped_targets', INT, `How many targets dropped by relabeling stay listed in the UI/API.${inherit}`, {
      default: '0 (no limit)',
      since: '2.47.0',
    }),
    field('scrape_protocols', listOf(oneOf(SCRAPE_PROTOCOLS)), 'Exposition formats offered in the Accept header, most preferred first.', {
      since: '2.49.0',
    }),
    field('scrape_failure_log_file', STRING, `File to which failed scrapes are logged.${inherit}`, { since: '2.55.0' }),
    field('metric_name_validation_scheme', VALIDATION_SCHEMES, 'Which metric and label names are valid: any UTF-8, or the legacy charset.', {
      default: 'utf8 (3.x), legacy (2.x)',
      since: '2.55.0',
    }),
    onJob(
      field('metric_name_escaping_scheme', ESCAPING_SCHEMES, 'How UTF-8 names are escaped when requested from targets.', {
        default: 'allow-utf-8',
      }),
      '3.4.0',
      '3.4.0',
    ),
    field('scrape_native_histograms', BOOL, 'Ingest native histograms (negotiates protobuf first).', {
      default: 'false',
      since: '3.8.0',
    }),
    onJob(
      field('always_scrape_classic_histograms', BOOL, 'Also keep the classic buckets of histograms scraped as native.', {
        default: 'false',
      }),
      '3.0.0',
      '3.5.0',
    ),
    onJob(
      field('convert_classic_histograms_to_nhcb', BOOL, 'Convert classic histograms to native histograms with custom buckets.', {
        default: 'false',
      }),
      '3.0.0',
      '3.4.0',
    ),
    field('extra_scrape_metrics', BOOL, 'Add the extra scrape_* series (timeout, limits) per target.', {
      default: 'false',
      since: '3.10.0',
    }),
  ];
}

// config/config.go: GlobalConfig
export const GLOBAL_CONFIG: BlockSchema = block(
  'config.plain',
  'global config',
  [
    field('scrape_interval', DURATION, 'Default interval between scrapes of a target.', { default: '1m' }),
    field('scrape_timeout', DURATION, 'Default scrape timeout; may not exceed the interval.', { default: '10s' }),
    field('evaluation_interval', DURATION, 'How often recording and alerting rules are evaluated.', { default: '1m' }),
    field('rule_query_offset', DURATION, 'Delay rule evaluation queries to let late samples arrive.', {
      default: '0s',
      since: '2.53.0',
    }),
    field('query_log_file', STRING, 'File to which every PromQL query is logged.', { since: '2.16.0' }),
    field('external_labels', LABELS, 'Labels added to series and alerts leaving this server (federation, remote write, Alertmanager).'),
    ...inheritableScrapeFields('global'),
  ],
  { goStruct: 'config.GlobalConfig' },
);

// config/config.go: ScrapeConfig
export const SCRAPE_CONFIG: BlockSchema = block(
  'config.ScrapeConfig',
  'scrape config',
  [
    field('job_name', STRING, 'Name of the job, also the default `job` label; unique across scrape configs.'),
    field('honor_labels', BOOL, 'On label clashes keep the scraped labels instead of renaming them `exported_*`. Set true for federation.', {
      default: 'false',
    }),
    field('honor_timestamps', BOOL, 'Use the timestamps the target exposes.', { default: 'true', since: '2.9.0' }),
    field('track_timestamps_staleness', BOOL, 'Mark series with explicit timestamps stale when they disappear.', {
      default: 'false',
      since: '2.48.0',
    }),
    field('params', { kind: 'map', of: STRINGS, keyKind: 'string' }, 'URL query parameters (name -> list of values), e.g. `match[]` for /federate.'),
    field('scrape_interval', DURATION, 'How often targets of this job are scraped.', { default: 'global scrape_interval' }),
    field('scrape_timeout', DURATION, 'Scrape timeout; may not exceed the job interval.', {
      default: 'min(global scrape_timeout, scrape_interval)',
    }),
    field('fallback_scrape_protocol', oneOf(SCRAPE_PROTOCOLS), 'Format assumed when a response has no or an unknown Content-Type.', {
      since: '3.0.0',
    }),
    field('scrape_classic_histograms', BOOL, 'Also keep classic buckets of native histograms.', {
      since: '2.45.0',
      removedIn: '3.0.0',
    }),
    field('metrics_path', STRING, 'HTTP path scraped on each target.', { default: '/metrics' }),
    {
      ...field('scheme', oneOf(['http', 'https']), 'URL scheme used to scrape.', { default: 'http' }),
      enforced: false,
    },
    field('enable_compression', BOOL, 'Ask targets for gzip-compressed responses.', { default: 'true', since: '2.49.0' }),
    field('native_histogram_bucket_limit', INT, 'Most buckets a native histogram may have; more reduces resolution.', {
      since: '2.45.0',
    }),
    field('native_histogram_min_bucket_factor', FLOAT, 'Lowest growth factor between native histogram buckets.', {
      since: '2.50.0',
    }),
    ...inheritableScrapeFields('job'),
    ...httpClientFields(),
    ...serviceDiscoveryFields(),
    field('relabel_configs', blocksOf(RELABEL_CONFIG), 'Target relabeling, applied before the scrape.'),
    field('metric_relabel_configs', blocksOf(RELABEL_CONFIG), 'Relabeling of scraped samples, applied before ingestion.'),
  ],
  { goStruct: 'config.ScrapeConfig' },
);

// config/config.go: AlertmanagerConfig
export const ALERTMANAGER_CONFIG: BlockSchema = block(
  'config.AlertmanagerConfig',
  'Alertmanager config',
  [
    ...httpClientFields(),
    field('sigv4', blockOf(REMOTE_SIGV4_CONFIG), 'Sign requests with AWS Signature V4.', { since: '2.48.0' }),
    ...serviceDiscoveryFields(),
    {
      ...field('scheme', oneOf(['http', 'https']), 'URL scheme used to reach Alertmanager.', { default: 'http' }),
      enforced: false,
    },
    field('path_prefix', STRING, 'Path prefix prepended to the Alertmanager API path.', { default: '/' }),
    field('timeout', DURATION, 'Timeout of one alert push.', { default: '10s' }),
    field('api_version', oneOf(['v1', 'v2']), 'Alertmanager API version; v1 is refused since 3.0.', {
      default: 'v2',
      since: '2.11.0',
    }),
    field('relabel_configs', blocksOf(RELABEL_CONFIG), 'Relabeling of discovered Alertmanager targets.'),
    field('alert_relabel_configs', blocksOf(RELABEL_CONFIG), 'Relabeling of alerts sent to these Alertmanagers only.', {
      since: '2.51.0',
    }),
  ],
  { goStruct: 'config.AlertmanagerConfig' },
);

// config/config.go: AlertingConfig
const ALERTING_CONFIG: BlockSchema = block(
  'config.plain',
  'alerting config',
  [
    field('alert_relabel_configs', blocksOf(RELABEL_CONFIG), 'Relabeling applied to every alert before it is sent.'),
    field('alertmanagers', blocksOf(ALERTMANAGER_CONFIG), 'Alertmanagers to send alerts to.'),
  ],
  { goStruct: 'config.AlertingConfig' },
);

// config/config.go: TSDBRetentionConfig
const TSDB_RETENTION: BlockSchema = block(
  'config.plain',
  'TSDB retention',
  [
    field('time', DURATION, 'How long samples are kept; overrides --storage.tsdb.retention.time.'),
    field('size', BYTES, 'Largest size of the blocks kept; overrides --storage.tsdb.retention.size.'),
    field('percentage', FLOAT, 'Largest share of the disk the blocks may use.', { since: '3.11.0' }),
  ],
  { goStruct: 'config.TSDBRetentionConfig' },
);

// config/config.go: ChunkEncodingConfig
const CHUNK_ENCODING: BlockSchema = block(
  'config.ChunkEncodingConfig',
  'chunk encoding',
  [field('floats', oneOf(['xor', 'xor2']), 'Encoding of float chunks; xor2 needs --enable-feature=xor2-encoding.')],
  { goStruct: 'config.ChunkEncodingConfig' },
);

// config/config.go: TSDBConfig
const TSDB_CONFIG: BlockSchema = block(
  'config.plain',
  'TSDB config',
  [
    field('out_of_order_time_window', DURATION, 'How far behind the newest sample older samples are still accepted.', {
      default: '0s',
    }),
    field('stale_series_compaction_threshold', FLOAT, 'Share of stale series in the head that triggers an early compaction.', {
      since: '3.10.0',
    }),
    field('chunk_encoding', blockOf(CHUNK_ENCODING), 'Chunk encodings of new samples.', { since: '3.13.0' }),
    field('retention', blockOf(TSDB_RETENTION), 'Retention limits, reloadable.', { since: '3.8.0' }),
  ],
  { goStruct: 'config.TSDBConfig' },
);

// config/config.go: ExemplarsConfig
const EXEMPLARS_CONFIG: BlockSchema = block(
  'config.ExemplarsConfig',
  'exemplars config',
  [field('max_exemplars', INT, 'Size of the circular exemplar buffer; 0 disables exemplar storage.', { default: '100000' })],
  { goStruct: 'config.ExemplarsConfig' },
);

// config/config.go: StorageConfig
const STORAGE_CONFIG: BlockSchema = block(
  'config.StorageConfig',
  'storage config',
  [
    field('tsdb', blockOf(TSDB_CONFIG), 'Runtime-reloadable TSDB settings.', { since: '2.39.0' }),
    field('exemplars', blockOf(EXEMPLARS_CONFIG), 'Exemplar storage (needs --enable-feature=exemplar-storage).'),
  ],
  { goStruct: 'config.StorageConfig' },
);

// config/config.go: TracingConfig
const TRACING_CONFIG: BlockSchema = block(
  'config.plain',
  'tracing config',
  [
    field('client_type', oneOf(['grpc', 'http']), 'OTLP exporter protocol.', { default: 'grpc' }),
    field('endpoint', STRING, 'host:port of the OTLP trace receiver.'),
    field('sampling_fraction', FLOAT, 'Share of traces sampled, 0 to 1.', { default: '0' }),
    field('insecure', BOOL, 'Send traces without TLS.', { default: 'false' }),
    field('tls_config', blockOf(TLS_CONFIG), 'TLS settings for the exporter.'),
    field('headers', STRING_MAP, 'Headers sent with every export.'),
    field('compression', oneOf(['gzip']), 'Compression of exported traces.'),
    field('timeout', DURATION, 'Timeout of one export.', { default: '10s' }),
  ],
  { goStruct: 'config.TracingConfig' },
);

// config/config.go: RuntimeConfig
const RUNTIME_CONFIG: BlockSchema = block(
  'config.RuntimeConfig',
  'runtime config',
  [field('gogc', INT, 'Go garbage-collector target percentage (GOGC).', { default: '75' })],
  { goStruct: 'config.RuntimeConfig' },
);

// config/config.go: OTLPConfig
const OTLP_CONFIG: BlockSchema = block(
  'config.plain',
  'OTLP config',
  [
    field('promote_all_resource_attributes', BOOL, 'Turn every resource attribute into a label.', {
      default: 'false',
      since: '3.5.0',
    }),
    field('promote_resource_attributes', STRINGS, 'Resource attributes turned into labels.'),
    field('ignore_resource_attributes', STRINGS, 'Attributes not promoted when promote_all_resource_attributes is set.', {
      since: '3.5.0',
    }),
    field(
      'translation_strategy',
      oneOf([
        'UnderscoreEscapingWithSuffixes',
        'UnderscoreEscapingWithoutSuffixes',
        'NoUTF8EscapingWithSuffixes',
        'NoTranslation',
      ]),
      'How OTLP metric and attribute names become Prometheus names.',
      { default: 'UnderscoreEscapingWithSuffixes', since: '3.0.0' },
    ),
    field('keep_identifying_resource_attributes', BOOL, 'Also keep service.name/namespace/instance.id on target_info.', {
      default: 'false',
      since: '3.1.0',
    }),
    field('convert_histograms_to_nhcb', BOOL, 'Store explicit-bucket histograms as native histograms with custom buckets.', {
      default: 'false',
      since: '3.4.0',
    }),
    field('promote_scope_metadata', BOOL, 'Turn instrumentation scope name/version/attributes into labels.', {
      default: 'false',
      since: '3.6.0',
    }),
    field('label_name_underscore_sanitization', BOOL, 'Prefix `key` to translated label names that start with a single `_` (underscore escaping only).', {
      default: 'true',
      since: '3.8.0',
    }),
    field('label_name_preserve_multiple_underscores', BOOL, 'Keep runs of underscores in translated label names instead of collapsing them (underscore escaping only).', {
      default: 'true',
      since: '3.8.0',
    }),
  ],
  { goStruct: 'config.OTLPConfig' },
);

// config/config.go: Config (decoded through the local type `plain`)
export const PROMETHEUS_CONFIG: BlockSchema = block(
  'config.plain',
  'Prometheus config',
  [
    field('global', blockOf(GLOBAL_CONFIG), 'Defaults for every other section.'),
    field('runtime', blockOf(RUNTIME_CONFIG), 'Go runtime tuning.', { since: '2.53.0' }),
    field('alerting', blockOf(ALERTING_CONFIG), 'Where alerts go and how they are relabeled.'),
    field('rule_files', STRINGS, 'Rule files to load; the last path component may be a glob.'),
    field('scrape_config_files', STRINGS, 'Files holding more scrape configs; globs allowed.', { since: '2.43.0' }),
    field('scrape_configs', blocksOf(SCRAPE_CONFIG), 'The scrape jobs.'),
    field('storage', blockOf(STORAGE_CONFIG), 'Runtime-reloadable storage settings.', { since: '2.29.0' }),
    field('tracing', blockOf(TRACING_CONFIG), 'Export Prometheus\' own traces over OTLP.', { since: '2.34.0' }),
    field('remote_write', blocksOf(REMOTE_WRITE_CONFIG), 'Endpoints every ingested sample is sent to.'),
    field('remote_read', blocksOf(REMOTE_READ_CONFIG), 'Endpoints queried alongside local storage.'),
    field('otlp', blockOf(OTLP_CONFIG), 'Translation of metrics received on the OTLP endpoint.', { since: '2.55.0' }),
  ],
  { goStruct: 'config.Config' },
);

// config/config.go: ScrapeConfigs (the content of each file listed in scrape_config_files)
export const SCRAPE_CONFIG_FILE: BlockSchema = block(
  'config.ScrapeConfigs',
  'scrape config file',
  [field('scrape_configs', blocksOf(SCRAPE_CONFIG), 'The scrape jobs this file adds.')],
  { goStruct: 'config.ScrapeConfigs' },
);
