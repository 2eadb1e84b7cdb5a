/** Plain sentences for /federate failures, and the redaction that keeps secrets out of them. */

/** The error kinds a transport error maps to (a subset of FederateErrorKind). */
export type TransportErrorKind = 'invalid-request' | 'dns' | 'refused' | 'unreachable' | 'reset' | 'tls' | 'proxy' | 'http' | 'network';

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed and not trusted (set tls_config.ca_file to it, or insecure_skip_verify)",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain ends in a self-signed CA that is not trusted (set tls_config.ca_file)",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet (check the clocks)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name this host (hostname mismatch; set tls_config.server_name?)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is signed by an unknown authority (set tls_config.ca_file)",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's certificate is signed by an unknown authority (set tls_config.ca_file)",
  UNABLE_TO_GET_ISSUER_CERT: "the server's certificate is signed by an unknown authority (set tls_config.ca_file)",
  CERT_SIGNATURE_FAILURE: "the server's certificate has a bad signature",
  CERT_REVOKED: "the server's certificate is revoked",
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS here (is it plain http? set scheme: http)',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'the server does not speak TLS here (is it plain http? set scheme: http)',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'no TLS version both sides accept (check tls_config.min_version)',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'no TLS version both sides accept (check tls_config.min_version)',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'no TLS version both sides accept (check tls_config.min_version and max_version)',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'the server requires a client certificate (set tls_config.cert_file and key_file)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'the server rejected the client certificate',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'the TLS handshake failed (no common cipher or a required client certificate)',
};

const EPROTO_REASONS: [RegExp, string][] = [
  [/wrong version number|packet length too long|http request/i, 'ERR_SSL_WRONG_VERSION_NUMBER'],
  [/alert protocol version|unsupported protocol/i, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'],
  [/no protocols available/i, 'ERR_SSL_NO_PROTOCOLS_AVAILABLE'],
  [/certificate required/i, 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'],
  [/alert bad certificate/i, 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'],
  [/alert handshake failure/i, 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'],
];

/** Maps a Node/transport error to a kind and a sentence naming the host but never a credential. */
export function describeTransportError(e: unknown, url: URL | null): { kind: TransportErrorKind; message: string } {
  const code = String((e as { code?: unknown }).code ?? '');
  const host = url ? url.host : 'the target';
  const hostname = url ? url.hostname : 'the target';
  const tlsReason = TLS_REASONS[code];
  if (tlsReason) return { kind: 'tls', message: `TLS error with ${host}: ${tlsReason}` };
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return { kind: 'dns', message: `cannot resolve "${hostname}" (DNS lookup failed)` };
    case 'EAI_AGAIN':
      return { kind: 'dns', message: `cannot resolve "${hostname}" right now (temporary DNS failure)` };
    case 'ECONNREFUSED':
      return { kind: 'refused', message: `connection refused by ${host}: is Prometheus running and listening there?` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { kind: 'unreachable', message: `${host} is unreachable from here (${code})` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'reset', message: `${host} closed the connection before the answer was complete (${code})` };
    case 'ETIMEDOUT':
      return { kind: 'unreachable', message: `connecting to ${host} timed out (ETIMEDOUT)` };
    case 'EPROXY':
    case 'EPROXYSCHEME':
      return { kind: 'proxy', message: `proxy error: ${errorMessage(e)}` };
    case 'ERR_INVALID_URL':
    case 'ERR_INVALID_ARG_TYPE':
    case 'ERR_INVALID_ARG_VALUE':
      return { kind: 'invalid-request', message: `invalid request: ${errorMessage(e)}` };
  }
  const text = errorMessage(e);
  // Some OpenSSL failures arrive as EPROTO with the reason only in the text.
  for (const [pattern, reasonCode] of EPROTO_REASONS) {
    if (pattern.test(text)) return { kind: 'tls', message: `TLS error with ${host}: ${TLS_REASONS[reasonCode]}` };
  }
  if (code.startsWith('HPE_')) return { kind: 'http', message: `${host} did not answer with valid HTTP (${code})` };
  if (code.startsWith('ERR_OSSL_') || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') {
    // OpenSSL decoder errors here come from our own tls_config PEMs, not from the server.
    const ours = code.startsWith('ERR_OSSL_') && !code.startsWith('ERR_OSSL_SSL');
    // OpenSSL messages carry addresses and source paths; keep only the reason ("ssl3_get_record:wrong version number").
    const reason = /routines:([^:]+:[^:]+)/.exec(text)?.[1] ?? text;
    return { kind: ours ? 'invalid-request' : 'tls', message: ours ? `tls_config cannot be used: ${reason}` : `TLS error with ${host}: ${reason}` };
  }
  return { kind: 'network', message: `request to ${host} failed: ${errorMessage(e)}${code ? ` (${code})` : ''}` };
}

/** Replaces each secret, and any userinfo in a URL, with a placeholder. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1<redacted>@');
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) out = out.split(secret).join('<secret>');
  }
  return out;
}

/** "500 B", "1.2 KiB", "64 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(value < 10 ? 1 : 0))} ${units[unit]}`;
}

/** "10 s", "1.5 s", "0.25 s". */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
