/**
 * The /federate client of the live preview: one GET as a Prometheus scrape would send it, the body parsed as a
 * stream (through gunzip when compressed) under a deadline, a stall timeout and a cap on decompressed bytes.
 * It never throws for network trouble and never logs: every outcome is a {@link FederateResult} with a plain
 * sentence that is safe to show (secrets redacted).
 */
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { createExpositionParser, type ExpositionSummary } from './exposition';
import { describeTransportError, formatBytes, formatSeconds, redactSecrets } from './messages';
import { createNodeTransport, type FederateTransport, type TransportResponse } from './transport';
import type { FederateAuth, FederateClient, FederateClientOptions, FederateErrorKind, FederateObserver, FederateRequest, FederateResult } from './types';
import { buildFederateUrl, displayUrl } from './url';

export type {
  FederateAuth, FederateClient, FederateClientOptions, FederateErrorKind, FederateObserver, FederateRequest, FederateResult, FederateTlsOptions, FederateTransport,
} from './types';
export { buildFederateUrl, displayUrl } from './url';

/** Accept header of a Prometheus 2.x text scrape. */
export const FEDERATE_ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';
/** Cap on decompressed body bytes when the request sets none. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const MAX_REDIRECTS = 10;
const BODY_400_BYTES = 500;

/** Creates a client; pass a fake `transport` in tests. */
export function createFederateClient(options: FederateClientOptions = {}): FederateClient {
  const transport = options.transport ?? createNodeTransport();
  const userAgent = `promfed/${options.version ?? 'dev'}`;
  const now = options.now ?? (() => performance.now());
  return {
    fetchFederate: (request, signal, observer) => new FetchRun(request, transport, userAgent, now, signal, observer).run(),
  };
}

type Cause = 'deadline' | 'stall' | 'caller';

class AbortedBy extends Error {
  constructor(readonly by: Cause) {
    super(`aborted by ${by}`);
    this.name = 'AbortError';
  }
}

class StopReading extends Error {}

/** State of one fetch: its abort controller, timers and byte counters. */
class FetchRun {
  private readonly controller = new AbortController();
  private cause: Cause | null = null;
  private readonly started: number;
  private deadline: NodeJS.Timeout | undefined;
  private stall: NodeJS.Timeout | undefined;
  private readonly stallMs: number;
  private readonly secrets: string[];
  private url: URL | null = null;
  private redirects = 0;
  private credentialsDropped = false;
  private wire = 0;
  private raw = 0;
  private headersArrived = false;
  private response: TransportResponse | null = null;

  constructor(
    private readonly request: FederateRequest,
    private readonly transport: FederateTransport,
    private readonly userAgent: string,
    private readonly now: () => number,
    private readonly signal?: AbortSignal,
    private readonly observer?: FederateObserver,
  ) {
    this.started = now();
    this.stallMs = request.stallTimeoutMs ?? Math.max(1000, Math.floor(request.timeoutMs / 2));
    this.secrets = secretsOf(request);
  }

  async run(): Promise<FederateResult> {
    const onCallerAbort = (): void => this.abort('caller');
    if (this.signal?.aborted) return this.fail('aborted', 'cancelled before the request was sent');
    if (!(this.request.timeoutMs > 0)) return this.fail('invalid-request', `the timeout must be a positive number of milliseconds, got ${this.request.timeoutMs}`);
    this.signal?.addEventListener('abort', onCallerAbort, { once: true });
    this.deadline = setTimeout(() => this.abort('deadline'), this.request.timeoutMs);
    try {
      return await this.fetch();
    } finally {
      clearTimeout(this.deadline);
      clearTimeout(this.stall);
      this.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private abort(cause: Cause): void {
    if (this.cause) return;
    this.cause = cause;
    this.controller.abort(new AbortedBy(cause));
  }

  private touch(): void {
    clearTimeout(this.stall);
    this.stall = setTimeout(() => this.abort('stall'), this.stallMs);
  }

  private async fetch(): Promise<FederateResult> {
    let url: URL;
    try {
      url = buildFederateUrl(this.request);
    } catch (e) {
      return this.fail('invalid-request', `cannot build the request URL: ${errorText(e)}`);
    }
    this.url = url;
    const original = url;
    let response: TransportResponse;
    for (;;) {
      try {
        response = await this.send(url, sameHost(original, url));
      } catch (e) {
        return this.failFromError(e);
      }
      this.response = response;
      const location = headerOf(response, 'location');
      if (!isRedirect(response.status) || location === undefined) break;
      response.body.destroy?.();
      const what = `${response.status} ${response.statusText}`.trim();
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return this.fail('redirect', `${what}: the redirect target "${location}" is not a valid URL`, response);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return this.fail('redirect', `${what}: cannot follow a redirect to a ${next.protocol} URL`, response);
      }
      if (this.request.followRedirects === false) {
        return this.fail('http', `${what}: redirected to ${displayUrl(next)}, but follow_redirects is false`, response);
      }
      this.redirects++;
      // Go's http.Client CheckRedirect default: the 10th redirect is an error.
      if (this.redirects >= MAX_REDIRECTS) return this.fail('redirect', `stopped after ${MAX_REDIRECTS} redirects`, response);
      if (!sameHost(original, next) && this.request.auth && this.request.auth.kind !== 'none') this.credentialsDropped = true;
      url = next;
      this.url = url;
    }
    this.headersArrived = true;
    this.touch();
    return this.handle(response);
  }

  private send(url: URL, withCredentials: boolean): Promise<TransportResponse> {
    const r = this.request;
    const headers: Record<string, string> = {
      Accept: FEDERATE_ACCEPT,
      'Accept-Encoding': r.enableCompression === false ? 'identity' : 'gzip',
      'User-Agent': this.userAgent,
      'X-Prometheus-Scrape-Timeout-Seconds': String(r.scrapeTimeoutSeconds ?? r.timeoutMs / 1000),
    };
    // Credentials go only to the original host:port, never across a redirect to another host, as in
    // prometheus/common config/http_config.go since v0.69 (Prometheus 3.13).
    const authorization = withCredentials ? authorizationOf(r.auth) : undefined;
    if (authorization) headers.Authorization = authorization;
    const signal = this.controller.signal;
    const pending = this.transport({ url, headers, tls: r.tls, proxyUrl: r.proxyUrl, signal });
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason);
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(
        (response) => {
          signal.removeEventListener('abort', onAbort);
          // A transport that answers after the abort still holds a connection: close it.
          if (signal.aborted) response.body.destroy?.();
          resolve(response);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private async handle(response: TransportResponse): Promise<FederateResult> {
    const encoding = headerOf(response, 'content-encoding')?.trim().toLowerCase();
    const gzip = encoding === 'gzip' || encoding === 'x-gzip';
    if (encoding && !gzip && encoding !== 'identity') {
      response.body.destroy?.();
      return this.fail('http', `the server answered with Content-Encoding "${encoding}", which promfed does not decode`, response);
    }
    const what = `${response.status} ${response.statusText}`.trim();
    if (response.status !== 200) {
      let head = Buffer.alloc(0);
      const failure = await this.readBody(response, gzip, (chunk) => {
        head = Buffer.concat([head, chunk]).subarray(0, BODY_400_BYTES);
        return head.length < BODY_400_BYTES;
      });
      const text = this.redact(head.toString('utf8'));
      // The status is the news; a body that then stalls or breaks does not change it. A cancel still wins.
      if (failure?.errorKind === 'aborted') return failure;
      return this.httpFailure(response, what, text);
    }
    const contentType = headerOf(response, 'content-type');
    const mediaType = contentType?.split(';')[0].trim().toLowerCase();
    if (mediaType && mediaType !== 'text/plain' && mediaType !== 'application/openmetrics-text') {
      response.body.destroy?.();
      return this.fail('not-prometheus', `the answer is ${mediaType}, not the Prometheus text format: not a Prometheus /federate endpoint?`, response);
    }
    const parser = createExpositionParser(this.request.parser);
    const maxBytes = this.request.maxBytes ?? DEFAULT_MAX_BYTES;
    let tooLarge = false;
    const failure = await this.readBody(response, gzip, (chunk) => {
      if (this.raw > maxBytes) {
        tooLarge = true;
        const head = chunk.subarray(0, chunk.length - (this.raw - maxBytes));
        parser.push(head);
        this.observer?.onBody?.(head);
        this.raw = maxBytes;
        return false;
      }
      parser.push(chunk);
      this.observer?.onBody?.(chunk);
      return !parser.gaveUp;
    });
    if (tooLarge) {
      return this.fail('too-large', `the answer is larger than ${formatBytes(maxBytes)} uncompressed; stopped reading there`, response, parser.summary());
    }
    if (failure) return { ...failure, summary: parser.summary() };
    return this.judge(response, parser.end());
  }

  /** Streams the body through gunzip into `onChunk` until it returns false; returns a failure or null. */
  private async readBody(response: TransportResponse, gzip: boolean, onChunk: (chunk: Buffer) => boolean): Promise<FederateResult | null> {
    const countWire = async function* (this: FetchRun, source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of source) {
        this.wire += chunk.length;
        this.touch();
        yield chunk;
      }
    }.bind(this);
    const sink = async (source: AsyncIterable<Uint8Array>): Promise<void> => {
      for await (const chunk of source) {
        this.raw += chunk.length;
        if (!onChunk(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk))) throw new StopReading();
      }
    };
    const signal = this.controller.signal;
    const done = gzip
      ? pipeline(response.body, countWire, zlib.createGunzip(), sink, { signal })
      : pipeline(response.body, countWire, sink, { signal });
    try {
      await Promise.race([done, rejectOnAbort(signal)]);
      return null;
    } catch (e) {
      // The pipeline may settle later than the abort (a source slow to close); its outcome is already decided.
      done.catch(() => undefined);
      if (e instanceof StopReading) {
        response.body.destroy?.();
        return null;
      }
      const code = (e as { code?: string }).code ?? '';
      if (gzip && code.startsWith('Z_')) {
        return this.fail('bad-gzip', `the answer claims to be gzip but is not valid gzip (${errorText(e)})`, response);
      }
      return this.failFromError(e, response);
    }
  }

  private httpFailure(response: TransportResponse, what: string, body: string): FederateResult {
    const path = this.url?.pathname ?? this.request.metricsPath;
    const auth = this.request.auth?.kind ?? 'none';
    switch (response.status) {
      case 400:
        if (/HTTP request to an HTTPS server/i.test(body)) {
          return { ...this.fail('http', `${what}: the server speaks https; set scheme: https`, response), body400: body };
        }
        return { ...this.fail('http', `${what}: Prometheus rejected the request: "${firstLine(body)}"`, response), body400: body };
      case 401:
        return this.fail('http', auth === 'none' ? `${what}: the server wants credentials, and the job has no basic_auth or authorization` : `${what}: the server rejected the job's credentials`, response);
      case 403:
        return this.fail('http', `${what}: the server refuses access with these credentials`, response);
      case 404:
        return this.fail('http', `${what} at ${path}: not a Prometheus /federate endpoint? Check metrics_path`, response);
      case 405:
        return this.fail('http', `${what} at ${path}: /federate answers GET only; is this the right endpoint?`, response);
      case 503:
        return this.fail('http', headerOf(response, 'x-prometheus-stopping') ? `${what}: Prometheus is shutting down` : `${what}: Prometheus is not ready (still starting up, or shutting down)`, response);
      default:
        return this.fail('http', `server returned HTTP status ${what}${body ? `: "${firstLine(body)}"` : ''}`, response);
    }
  }

  private judge(response: TransportResponse, summary: ExpositionSummary): FederateResult {
    const first = summary.errors[0];
    const where = first ? `line ${first.line}: ${first.message}` : '';
    if (summary.gaveUp || (summary.series === 0 && summary.errorCount > 0)) {
      return this.fail('not-prometheus', `the answer is not in the Prometheus text format (${where}): not a Prometheus /federate endpoint?`, response, summary);
    }
    if (summary.errorCount > 0) {
      const n = summary.errorCount === 1 ? 'a line' : `${summary.errorCount} lines`;
      return this.fail('parse', `the answer has ${n} a Prometheus scrape would reject, so the whole scrape would fail; first at ${where}`, response, summary);
    }
    const size = `${formatBytes(this.raw)}${this.wire !== this.raw ? ` (${formatBytes(this.wire)} on the wire)` : ''}`;
    let message: string;
    if (summary.series > 0) {
      message = `${summary.series} series of ${summary.metricNames} metric${summary.metricNames === 1 ? '' : 's'}, ${size} in ${Math.round(this.elapsed())} ms`;
    } else if (!this.request.params['match[]']?.length) {
      message = 'no series: the request has no match[] parameter, and /federate returns nothing without one';
    } else {
      message = 'no series matched: /federate returns only series with a sample within the lookback delta (default 5m)';
    }
    return { ...this.base(response), ok: true, message, summary };
  }

  private failFromError(e: unknown, response?: TransportResponse): FederateResult {
    if (e instanceof AbortedBy || this.cause) return this.failAborted(response);
    const d = describeTransportError(e, this.url);
    return this.fail(d.kind, d.message, response);
  }

  private failAborted(response?: TransportResponse): FederateResult {
    const limit = formatSeconds(this.request.timeoutMs);
    const got = this.raw > 0 ? `; got ${formatBytes(this.raw)}` : '';
    switch (this.cause) {
      case 'caller':
        return this.fail('aborted', 'cancelled', response);
      case 'stall':
        return this.fail('timeout', `the server stopped sending for ${formatSeconds(this.stallMs)}${got}`, response);
      default:
        return this.fail('timeout', this.headersArrived ? `the answer did not finish within ${limit} (the job's scrape_timeout)${got}` : `no answer within ${limit} (the job's scrape_timeout)`, response);
    }
  }

  private fail(kind: FederateErrorKind, message: string, response?: TransportResponse, summary?: ExpositionSummary): FederateResult {
    return { ...this.base(response ?? this.response ?? undefined), ok: false, errorKind: kind, message: this.redact(message), ...(summary ? { summary } : {}) };
  }

  private base(response: TransportResponse | undefined): Omit<FederateResult, 'ok' | 'message'> {
    return {
      ...(response ? { status: response.status, statusText: response.statusText } : {}),
      url: this.url ? displayUrl(this.url) : `${this.request.scheme}://${this.request.target}${this.request.metricsPath}`,
      credentialsDropped: this.credentialsDropped,
      redirects: this.redirects,
      bytesOnWire: this.wire,
      bytesUncompressed: this.raw,
      durationMs: this.elapsed(),
      ...(response && headerOf(response, 'content-type') ? { contentType: headerOf(response, 'content-type') } : {}),
      ...(response && headerOf(response, 'content-encoding') ? { contentEncoding: headerOf(response, 'content-encoding') } : {}),
    };
  }

  private elapsed(): number {
    return this.now() - this.started;
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function authorizationOf(auth: FederateAuth | undefined): string | undefined {
  if (!auth || auth.kind === 'none') return undefined;
  if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  return `${auth.type ?? 'Bearer'} ${auth.credentials}`;
}

function secretsOf(request: FederateRequest): string[] {
  const secrets: string[] = [];
  const auth = request.auth;
  if (auth?.kind === 'basic') secrets.push(auth.password, authorizationOf(auth)!.slice('Basic '.length));
  if (auth?.kind === 'authorization') secrets.push(auth.credentials);
  if (request.tls?.key) secrets.push(request.tls.key);
  if (request.proxyUrl) {
    try {
      const proxy = new URL(request.proxyUrl);
      if (proxy.password) secrets.push(proxy.password, decodeURIComponent(proxy.password));
    } catch {
      // An unparsable proxy URL fails later with its own message; the userinfo pattern still redacts it.
      secrets.push(request.proxyUrl);
    }
  }
  return secrets.filter((s) => s.length > 0);
}

/** host:port with the scheme's default port, and the scheme: an https -> http hop counts as another host. */
function sameHost(a: URL, b: URL): boolean {
  const key = (u: URL): string => `${u.protocol}//${u.hostname.toLowerCase()}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  return key(a) === key(b);
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function headerOf(response: TransportResponse, name: string): string | undefined {
  const value = response.headers[name] ?? response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
