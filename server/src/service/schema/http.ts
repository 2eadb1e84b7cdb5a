/**
 * The HTTP client settings Prometheus inlines into scrape configs, remote read/write, Alertmanager configs and
 * most service discoveries.
 */
// Mirrors prometheus/common config/http_config.go and config/headers.go.
import {
  BOOL,
  SECRET,
  STRING,
  STRINGS,
  URL,
  block,
  blockOf,
  field,
  inlinedSince,
  listOf,
  oneOf,
} from './build';
import type { BlockSchema, FieldSchema, ValueType } from './types';

const REF_DOC = 'Prometheus has no secret manager, so setting it fails when the client is built.';

// prometheus/common config/http_config.go: TLSConfig
export const TLS_CONFIG: BlockSchema = block(
  'config.plain',
  'TLS config',
  [
    field('ca', STRING, 'PEM-encoded CA certificate(s) inline, used to verify the server certificate.', { since: '2.45.0' }),
    field('ca_file', STRING, 'Path to a PEM file of CA certificates used to verify the server certificate.'),
    field('ca_ref', STRING, `Name of a CA certificate in a secret manager. ${REF_DOC}`, { since: '2.53.0' }),
    field('cert', STRING, 'PEM-encoded client certificate inline, for mutual TLS.', { since: '2.45.0' }),
    field('cert_file', STRING, 'Path to the client certificate for mutual TLS; needs a key too.'),
    field('cert_ref', STRING, `Name of a client certificate in a secret manager. ${REF_DOC}`, { since: '2.53.0' }),
    field('key', SECRET, 'PEM-encoded client private key inline, for mutual TLS.', { since: '2.45.0' }),
    field('key_file', STRING, 'Path to the client private key for mutual TLS; needs a certificate too.'),
    field('key_ref', STRING, `Name of a client key in a secret manager. ${REF_DOC}`, { since: '2.53.0' }),
    field('server_name', STRING, 'Server name sent in SNI and checked against the server certificate.'),
    field('insecure_skip_verify', BOOL, 'Skip verification of the server certificate. Only for testing.', {
      default: 'false',
    }),
    field('min_version', oneOf(['TLS10', 'TLS11', 'TLS12', 'TLS13']), 'Lowest TLS version the client accepts.', {
      default: 'TLS12',
      since: '2.35.0',
    }),
    field('max_version', oneOf(['TLS10', 'TLS11', 'TLS12', 'TLS13']), 'Highest TLS version the client offers.', {
      since: '2.41.0',
    }),
  ],
  { goStruct: 'common/config.TLSConfig' },
);

// prometheus/common config/http_config.go: BasicAuth
export const BASIC_AUTH: BlockSchema = block(
  'config.plain',
  'basic auth',
  [
    field('username', STRING, 'User name for HTTP basic authentication.'),
    field('username_file', STRING, 'File whose content (trimmed) is the basic-auth user name.', { since: '2.49.0' }),
    field('username_ref', STRING, `Name of the user name in a secret manager. ${REF_DOC}`, { since: '2.53.0' }),
    field('password', SECRET, 'Password for HTTP basic authentication; prefer `password_file`.'),
    field('password_file', STRING, 'File whose content (trimmed) is the basic-auth password, re-read on every request.', {
      since: '2.3.0',
    }),
    field('password_ref', STRING, `Name of the password in a secret manager. ${REF_DOC}`, { since: '2.53.0' }),
  ],
  { goStruct: 'common/config.BasicAuth' },
);

// prometheus/common config/http_config.go: Authorization
export const AUTHORIZATION: BlockSchema = block(
  'config.Authorization',
  'authorization',
  [
    field('type', STRING, 'Scheme word put before the credentials in the Authorization header. `basic` is refused.', {
      default: 'Bearer',
    }),
    field('credentials', SECRET, 'The credentials sent in the Authorization header; prefer `credentials_file`.'),
    field('credentials_file', STRING, 'File whose content (trimmed) is sent as the credentials, re-read on every request.'),
    field('credentials_ref', STRING, `Name of the credentials in a secret manager. ${REF_DOC}`, { since: '2.53.0' }),
  ],
  { goStruct: 'common/config.Authorization' },
);

/** The proxy keys of common's ProxyConfig, inlined into the HTTP client and into oauth2. */
const PROXY_FIELDS: readonly FieldSchema[] = [
  field('proxy_url', URL, 'HTTP(S) proxy to send requests through.'),
  field('no_proxy', STRING, 'Comma-separated hosts, domains or CIDRs that bypass `proxy_url`.', { since: '2.43.0' }),
  field('proxy_from_environment', BOOL, 'Take the proxy from HTTP_PROXY / HTTPS_PROXY / NO_PROXY.', {
    default: 'false',
    since: '2.43.0',
  }),
  field(
    'proxy_connect_header',
    { kind: 'map', of: listOf(SECRET), keyKind: 'string' },
    'Headers (name -> list of values) sent to the proxy on CONNECT.',
    { since: '2.41.0' },
  ),
];

// prometheus/common config/http_config.go: OAuth2
export const OAUTH2: BlockSchema = block(
  'config.plain',
  'oauth2',
  [
    field('client_id', STRING, 'OAuth 2.0 client ID.'),
    field('client_secret', SECRET, 'OAuth 2.0 client secret; prefer `client_secret_file`.'),
    field('client_secret_file', STRING, 'File whose content is the client secret.'),
    field('client_secret_ref', STRING, `Name of the client secret in a secret manager. ${REF_DOC}`, { since: '2.53.0' }),
    field('scopes', STRINGS, 'Scopes requested with the token.'),
    field('token_url', STRING, 'URL of the token endpoint.'),
    field('endpoint_params', { kind: 'map', of: STRING, keyKind: 'string' }, 'Extra parameters added to the token request.'),
    field('tls_config', blockOf(TLS_CONFIG), 'TLS settings for the token request.', { since: '2.31.0' }),
    ...inlinedSince(PROXY_FIELDS, undefined, { proxy_url: '2.35.0', proxy_connect_header: '2.43.0' }),
    field(
      'grant_type',
      oneOf(['client_credentials', 'urn:ietf:params:oauth:grant-type:jwt-bearer']),
      'OAuth 2.0 grant: client credentials, or a JWT bearer assertion signed with the client certificate key.',
      { default: 'client_credentials', since: '3.8.0' },
    ),
    field('signature_algorithm', STRING, 'Algorithm used to sign the JWT assertion (jwt-bearer grant), e.g. RS256.', {
      since: '3.8.0',
    }),
    field('iss', STRING, 'Issuer claim of the JWT assertion (jwt-bearer grant).', { since: '3.8.0' }),
    field('audience', STRING, 'Audience claim of the JWT assertion (jwt-bearer grant).', { since: '3.8.0' }),
    field('claims', { kind: 'map', of: { kind: 'any' }, keyKind: 'string' }, 'Extra claims put in the JWT assertion.', {
      since: '3.8.0',
    }),
    field('client_certificate_key', SECRET, 'Private key that signs the JWT assertion, inline.', { since: '3.8.0' }),
    field('client_certificate_key_file', STRING, 'File holding the private key that signs the JWT assertion.', {
      since: '3.8.0',
    }),
    field('client_certificate_key_id', STRING, 'Key ID (`kid`) put in the JWT assertion header.', { since: '3.8.0' }),
    field('client_certificate_key_ref', STRING, `Name of the signing key in a secret manager. ${REF_DOC}`, {
      since: '3.8.0',
    }),
  ],
  { goStruct: 'common/config.OAuth2' },
);

// prometheus/common config/headers.go: Header
export const HTTP_HEADER: BlockSchema = block(
  'config.Header',
  'HTTP header',
  [
    field('values', STRINGS, 'Plain header values.'),
    field('secrets', listOf(SECRET), 'Header values hidden as secrets in the config API.'),
    field('files', STRINGS, 'Files whose contents are sent as header values, re-read on every request.'),
  ],
  { goStruct: 'common/config.Header' },
);

const HTTP_HEADERS: ValueType = { kind: 'map', of: blockOf(HTTP_HEADER), keyKind: 'string' };

/**
 * The keys of common's HTTPClientConfig, with the version each entered Prometheus' scrape config.
 * Blocks that inlined the client later pass their own version through `httpClientFields`.
 */
const HTTP_CLIENT_FIELDS: readonly FieldSchema[] = [
  field('basic_auth', blockOf(BASIC_AUTH), 'HTTP basic authentication. Excludes `authorization` and `oauth2`.'),
  field('authorization', blockOf(AUTHORIZATION), 'Authorization header (type + credentials) sent with every request.', {
    since: '2.26.0',
  }),
  field('oauth2', blockOf(OAUTH2), 'Fetch a token with OAuth 2.0 and send it with every request.', { since: '2.27.0' }),
  field('bearer_token', SECRET, 'Bearer token sent in the Authorization header.', {
    deprecated: 'Still loaded, but superseded by `authorization: {credentials: ...}`.',
  }),
  field('bearer_token_file', STRING, 'File whose content is sent as a bearer token.', {
    deprecated: 'Still loaded, but superseded by `authorization: {credentials_file: ...}`.',
  }),
  field('tls_config', blockOf(TLS_CONFIG), 'TLS settings for the connection.'),
  field('follow_redirects', BOOL, 'Follow HTTP 3xx redirects.', { default: 'true', since: '2.26.0' }),
  field('enable_http2', BOOL, 'Allow HTTP/2 when the server offers it.', { default: 'true', since: '2.35.0' }),
  ...PROXY_FIELDS,
  field('http_headers', HTTP_HEADERS, 'Extra headers (name -> values/secrets/files) sent with every request.', {
    since: '2.53.0',
  }),
];

/**
 * The HTTP client keys as a block that inlined them at `since` sees them.
 * `overrides` pins the version of single keys that entered the block on their own.
 */
export function httpClientFields(
  since?: string,
  overrides?: Readonly<Record<string, string | null>>,
  defaults?: Readonly<Record<string, string>>,
): FieldSchema[] {
  const fields = inlinedSince(HTTP_CLIENT_FIELDS, since, overrides);
  if (!defaults) return fields;
  return fields.map((f) => (defaults[f.name] !== undefined ? { ...f, default: defaults[f.name] } : f));
}
