/** The public data types of the /federate client: what a request carries and what a fetch returns. */
import type { ExpositionParserOptions, ExpositionSummary } from './exposition';
import type { FederateTlsOptions, FederateTransport } from './transport';

export type { FederateTlsOptions, FederateTransport };

/** Credentials of the job, already resolved by the caller (the `*_file` variants read). */
export type FederateAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** `authorization` (and the deprecated `bearer_token`): header `<type> <credentials>`, type default `Bearer`. */
  | { readonly kind: 'authorization'; readonly type?: string; readonly credentials: string };

/** Everything that shapes one /federate request, taken from a scrape job. */
export interface FederateRequest {
  readonly scheme: 'http' | 'https';
  /** `host:port` of the target, as in `static_configs.targets`. */
  readonly target: string;
  /** Starts with `/`; usually `/federate`. */
  readonly metricsPath: string;
  /** Query parameters, `match[]` included. Encoded like Go's url.Values: keys sorted, values in order. */
  readonly params: Readonly<Record<string, readonly string[]>>;
  readonly auth?: FederateAuth;
  readonly tls?: FederateTlsOptions;
  /** `proxy_url`; only `http://` proxies are supported. */
  readonly proxyUrl?: string;
  /** `follow_redirects`, default true. */
  readonly followRedirects?: boolean;
  /** `enable_compression`, default true. */
  readonly enableCompression?: boolean;
  /** Overall deadline in ms, normally the job's effective scrape_timeout. */
  readonly timeoutMs: number;
  /** Give up when no byte arrives for this long once the answer started. Default: half the deadline, at least 1 s. */
  readonly stallTimeoutMs?: number;
  /** Cap on decompressed body bytes. Default 64 MiB. */
  readonly maxBytes?: number;
  /** Value of `X-Prometheus-Scrape-Timeout-Seconds`; default `timeoutMs / 1000`. */
  readonly scrapeTimeoutSeconds?: number;
  readonly parser?: ExpositionParserOptions;
}

export type FederateErrorKind =
  | 'invalid-request'
  | 'dns'
  | 'refused'
  | 'unreachable'
  | 'reset'
  | 'tls'
  | 'proxy'
  | 'timeout'
  | 'http'
  | 'redirect'
  | 'too-large'
  | 'aborted'
  | 'bad-gzip'
  | 'not-prometheus'
  | 'parse'
  | 'network';

/** The outcome of one fetch. */
export interface FederateResult {
  readonly ok: boolean;
  /** HTTP status of the final response; undefined when none arrived. */
  readonly status?: number;
  readonly statusText?: string;
  readonly errorKind?: FederateErrorKind;
  /** One plain sentence for a hover; never contains a secret. */
  readonly message: string;
  /** The final URL without userinfo and query, for display. */
  readonly url: string;
  /** A redirect led to another host, so the credentials were not sent there. */
  readonly credentialsDropped: boolean;
  readonly redirects: number;
  /** Body bytes as received (compressed when gzip was used). */
  readonly bytesOnWire: number;
  /** Body bytes after decompression (those the parser saw, at most `maxBytes`). */
  readonly bytesUncompressed: number;
  readonly durationMs: number;
  readonly contentType?: string;
  readonly contentEncoding?: string;
  /** What the parser learnt; present whenever a 200 body was (partly) read. */
  readonly summary?: ExpositionSummary;
  /** Start (500 bytes) of a 400 body: Prometheus' selector parse error. */
  readonly body400?: string;
}

/** Dependencies of the client. */
export interface FederateClientOptions {
  /** The low-level HTTP transport; default node:http/https. */
  readonly transport?: FederateTransport;
  /** Goes into `User-Agent: promfed/<version>`. */
  readonly version?: string;
  /** Clock for durations (ms). */
  readonly now?: () => number;
}

/** Watches a fetch as it runs (the preview command copies the body into a document this way). */
export interface FederateObserver {
  /** Each chunk of a 200 body after decompression, exactly what the parser sees (so capped by `maxBytes`). */
  onBody?(chunk: Uint8Array): void;
}

/** Fetches /federate the way the scrape job would. */
export interface FederateClient {
  /** Never rejects: failures come back as a result with `ok: false`. */
  fetchFederate(request: FederateRequest, signal?: AbortSignal, observer?: FederateObserver): Promise<FederateResult>;
}
