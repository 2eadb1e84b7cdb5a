/**
 * `remote_write` and `remote_read` entries and their nested blocks.
 */
// Mirrors prometheus/prometheus config/config.go (RemoteWriteConfig, QueueConfig, MetadataConfig, RemoteReadConfig).
import {
  BOOL,
  DURATION,
  INT,
  LABELS,
  SECRET,
  STRING,
  STRING_MAP,
  URL,
  block,
  blockOf,
  blocksOf,
  field,
  oneOf,
} from './build';
import { httpClientFields } from './http';
import { RELABEL_CONFIG } from './relabel';
import type { BlockSchema } from './types';

// config/config.go: QueueConfig
const QUEUE_CONFIG: BlockSchema = block(
  'config.QueueConfig',
  'queue config',
  [
    field('capacity', INT, 'Samples buffered per shard; when full, reading from the WAL pauses.', { default: '10000' }),
    field('max_shards', INT, 'Upper bound on parallel senders.', { default: '50' }),
    field('min_shards', INT, 'Lower bound on parallel senders, also the starting count.', {
      default: '1',
      since: '2.6.0',
    }),
    field('max_samples_per_send', INT, 'Largest batch of samples in one request.', { default: '2000' }),
    field('batch_send_deadline', DURATION, 'Longest a sample waits in a shard before a partial batch is sent.', {
      default: '5s',
    }),
    field('min_backoff', DURATION, 'First retry delay after a recoverable error; doubles each retry.', {
      default: '30ms',
    }),
    field('max_backoff', DURATION, 'Largest retry delay.', { default: '5s' }),
    field('retry_on_http_429', BOOL, 'Retry requests answered with 429 Too Many Requests.', {
      default: 'false',
      since: '2.26.0',
    }),
    field('sample_age_limit', DURATION, 'Drop samples older than this instead of sending them; 0 disables.', {
      default: '0s',
      since: '2.50.0',
    }),
    field('max_retries', INT, 'Retries per batch before it was dropped.', {
      removedIn: '2.11.0',
    }),
  ],
  { goStruct: 'config.QueueConfig' },
);

// config/config.go: MetadataConfig
const METADATA_CONFIG: BlockSchema = block(
  'config.MetadataConfig',
  'metadata config',
  [
    field('send', BOOL, 'Send metric metadata (type, help, unit) to the remote end.', { default: 'true' }),
    field('send_interval', DURATION, 'How often metadata is sent.', { default: '1m' }),
    field('max_samples_per_send', INT, 'Largest number of metadata entries per request.', {
      default: '2000',
      since: '2.29.0',
    }),
  ],
  { goStruct: 'config.MetadataConfig' },
);

// github.com/prometheus/sigv4 sigv4_config.go (common/sigv4 before 3.1)
export const REMOTE_SIGV4_CONFIG: BlockSchema = block(
  'sigv4.plain',
  'SigV4 config',
  [
    field('region', STRING, 'AWS region; default: from the environment / instance metadata.'),
    field('access_key', STRING, 'AWS access key ID; default: the SDK credential chain.'),
    field('secret_key', SECRET, 'AWS secret access key.'),
    field('profile', STRING, 'Named profile from the AWS credentials file.'),
    field('role_arn', STRING, 'ARN of an IAM role to assume for signing.'),
    field('external_id', STRING, 'External ID passed when assuming `role_arn`.', { since: '3.10.0' }),
    field('use_fips_sts_endpoint', BOOL, 'Use the FIPS STS endpoint when assuming a role.', { since: '3.1.0' }),
    field('service_name', STRING, 'AWS service name in the signature.', { default: 'aps', since: '3.5.0' }),
  ],
  { goStruct: 'sigv4.SigV4Config' },
);

// storage/remote/azuread/azuread.go: ManagedIdentityConfig, OAuthConfig, SDKConfig, WorkloadIdentityConfig, CertificateConfig
const AZUREAD_MANAGED_IDENTITY = block(
  'azuread.ManagedIdentityConfig',
  'Azure AD managed identity',
  [field('client_id', STRING, 'Client ID of the user-assigned managed identity.')],
  { goStruct: 'azuread.ManagedIdentityConfig' },
);
const AZUREAD_OAUTH = block(
  'azuread.OAuthConfig',
  'Azure AD OAuth',
  [
    field('client_id', STRING, 'Application client ID.'),
    field('client_secret', SECRET, 'Application client secret.'),
    field('tenant_id', STRING, 'Azure AD tenant ID.'),
  ],
  { goStruct: 'azuread.OAuthConfig' },
);
const AZUREAD_SDK = block(
  'azuread.SDKConfig',
  'Azure AD SDK',
  [field('tenant_id', STRING, 'Azure AD tenant ID for the SDK default credential chain.')],
  { goStruct: 'azuread.SDKConfig' },
);
const AZUREAD_WORKLOAD_IDENTITY = block(
  'azuread.WorkloadIdentityConfig',
  'Azure AD workload identity',
  [
    field('client_id', STRING, 'Client ID of the federated identity.'),
    field('tenant_id', STRING, 'Azure AD tenant ID.'),
    field('token_file_path', STRING, 'Projected service-account token file.', {
      default: '/var/run/secrets/azure/tokens/azure-identity-token',
    }),
  ],
  { goStruct: 'azuread.WorkloadIdentityConfig' },
);
const AZUREAD_CERTIFICATE = block(
  'azuread.CertificateConfig',
  'Azure AD certificate',
  [
    field('client_id', STRING, 'Application client ID.'),
    field('tenant_id', STRING, 'Azure AD tenant ID.'),
    field('certificate_path', STRING, 'Path to the client certificate.'),
    field('certificate_key_path', STRING, 'Path to the certificate\'s private key.'),
    field('certificate_password', SECRET, 'Password protecting the certificate.'),
    field('send_certificate_chain', BOOL, 'Send the certificate chain (subject-name/issuer auth).'),
  ],
  { goStruct: 'azuread.CertificateConfig' },
);

// storage/remote/azuread/azuread.go: AzureADConfig
const AZUREAD_CONFIG: BlockSchema = block(
  'azuread.plain',
  'Azure AD config',
  [
    field('managed_identity', blockOf(AZUREAD_MANAGED_IDENTITY), 'Authenticate with a managed identity.'),
    field('workload_identity', blockOf(AZUREAD_WORKLOAD_IDENTITY), 'Authenticate with workload identity federation.', {
      since: '3.7.0',
    }),
    field('oauth', blockOf(AZUREAD_OAUTH), 'Authenticate with an application client secret.', { since: '2.48.0' }),
    field('sdk', blockOf(AZUREAD_SDK), 'Authenticate with the Azure SDK default credential chain.', { since: '2.52.0' }),
    field('certificate', blockOf(AZUREAD_CERTIFICATE), 'Authenticate with a client certificate.', { since: '3.13.0' }),
    field('cloud', oneOf(['AzurePublic', 'AzureChina', 'AzureGovernment']), 'Azure cloud of the ingestion endpoint.', {
      default: 'AzurePublic',
    }),
    field('scope', STRING, 'Custom OAuth 2.0 scope requested for the token.', { since: '3.9.0' }),
  ],
  { goStruct: 'azuread.AzureADConfig' },
);

// storage/remote/googleiam/googleiam.go: Config
const GOOGLE_IAM_CONFIG: BlockSchema = block(
  'googleiam.Config',
  'Google IAM config',
  [field('credentials_file', STRING, 'Service-account JSON key; default: application default credentials.')],
  { goStruct: 'googleiam.Config' },
);

// config/config.go: RemoteWriteConfig
export const REMOTE_WRITE_CONFIG: BlockSchema = block(
  'config.plain',
  'remote write config',
  [
    field('url', URL, 'Endpoint samples are written to.'),
    field('remote_timeout', DURATION, 'Timeout of one write request.', { default: '30s' }),
    field('headers', STRING_MAP, 'Custom HTTP headers sent with every write request.', { since: '2.25.0' }),
    field('write_relabel_configs', blocksOf(RELABEL_CONFIG), 'Relabeling applied to series before they are sent.'),
    field('name', STRING, 'Unique name of this endpoint in metrics and logs.', { since: '2.15.0' }),
    field('send_exemplars', BOOL, 'Also send exemplars.', { default: 'false', since: '2.27.0' }),
    field('send_native_histograms', BOOL, 'Also send native histograms.', { default: 'false', since: '2.40.0' }),
    field('round_robin_dns', BOOL, 'Spread connections over all IPs the host name resolves to.', {
      default: 'false',
      since: '3.1.0',
    }),
    field(
      'protobuf_message',
      oneOf(['prometheus.WriteRequest', 'io.prometheus.write.v2.Request']),
      'Remote-write protocol message: 1.0 (`prometheus.WriteRequest`) or 2.0.',
      { default: 'prometheus.WriteRequest', since: '2.54.0' },
    ),
    field('failed_request_logging', BOOL, 'Log requests the remote end rejects (unreleased after 3.14).', {
      since: '3.15.0',
    }),
    ...httpClientFields(undefined, undefined, { enable_http2: 'false' }),
    field('queue_config', blockOf(QUEUE_CONFIG), 'Sharding, batching and retry tuning.'),
    field('metadata_config', blockOf(METADATA_CONFIG), 'Whether and how metric metadata is sent.', { since: '2.23.0' }),
    field('sigv4', blockOf(REMOTE_SIGV4_CONFIG), 'Sign requests with AWS Signature V4. Excludes other auth.', {
      since: '2.26.0',
    }),
    field('azuread', blockOf(AZUREAD_CONFIG), 'Authenticate to Azure Monitor with Azure AD. Excludes other auth.', {
      since: '2.45.0',
    }),
    field('google_iam', blockOf(GOOGLE_IAM_CONFIG), 'Authenticate with Google IAM. Excludes other auth.', {
      since: '2.55.0',
    }),
  ],
  { goStruct: 'config.RemoteWriteConfig' },
);

// config/config.go: RemoteReadConfig
export const REMOTE_READ_CONFIG: BlockSchema = block(
  'config.plain',
  'remote read config',
  [
    field('url', URL, 'Endpoint queries are sent to.'),
    field('remote_timeout', DURATION, 'Timeout of one read request.', { default: '1m' }),
    field('chunked_read_limit', INT, 'Largest chunked response frame accepted, in bytes; 0 means no limit.', {
      default: '50000000',
      since: '2.55.0',
    }),
    field('headers', STRING_MAP, 'Custom HTTP headers sent with every read request.', { since: '2.26.0' }),
    field('read_recent', BOOL, 'Also query the remote end for time ranges local storage has complete.', {
      default: 'false',
    }),
    field('name', STRING, 'Unique name of this endpoint in metrics and logs.', { since: '2.15.0' }),
    ...httpClientFields(),
    field('required_matchers', LABELS, 'Equality matchers a query must contain to be sent to this endpoint.', {
      since: '2.1.0',
    }),
    field('filter_external_labels', BOOL, 'Add the external labels as matchers to remote queries.', {
      default: 'true',
      since: '2.34.0',
    }),
  ],
  { goStruct: 'config.RemoteReadConfig' },
);
