/**
 * Label names and values from a federation target's HTTP API (`/api/v1/labels`, `/api/v1/label/<name>/values`),
 * for completion inside `match[]` selectors. Same credentials, TLS and proxy as the job's /federate scrape;
 * no redirects are followed (so credentials never leave the target), bodies are capped, results cached briefly.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { describeTransportError, redactSecrets } from './messages';
import { createNodeTransport } from './transport';
import type { FederateAuth, FederateRequest, FederateTransport } from './types';

export interface LabelsRequest {
  readonly scheme: 'http' | 'https';
  readonly target: string;
  /** The job's metrics_path; the API lives beside /federate (a --web.route-prefix stays in front). */
  readonly metricsPath: string;
  /** A label name for its values; undefined for the label names. */
  readonly label?: string;
  readonly auth?: FederateAuth;
  readonly tls?: FederateRequest['tls'];
  readonly proxyUrl?: string;
  readonly timeoutMs: number;
}

export type LabelsResult = { readonly ok: true; readonly values: readonly string[] } | { readonly ok: false; readonly message: string };

export interface LabelsClientOptions {
  readonly transport?: FederateTransport;
  readonly version?: string;
  /** Body cap in bytes. Default 4 MiB. */
  readonly maxBytes?: number;
  /** At most this many values are kept. Default 2000. */
  readonly maxValues?: number;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export interface LabelsClient {
  /** Never rejects. Concurrent equal requests share one fetch; results are cached for `ttlMs` (failures 5 s). */
  fetchLabels(request: LabelsRequest, signal?: AbortSignal): Promise<LabelsResult>;
}

/** The API URL for a request: `<prefix>/api/v1/labels` or `<prefix>/api/v1/label/<name>/values`. */
export function labelsUrl(request: Pick<LabelsRequest, 'scheme' | 'target' | 'metricsPath' | 'label'>): URL {
  const prefix = request.metricsPath.replace(/\/federate\/?$/, '').replace(/\/$/, '');
  const tail = request.label === undefined ? '/api/v1/labels' : `/api/v1/label/${encodeURIComponent(request.label)}/values`;
  const url = new URL(`${request.scheme}://${request.target}${prefix}${tail}`);
  if (url.username || url.password) throw new Error('the target must not contain credentials');
  return url;
}

const KEY = randomBytes(32);

function cacheKey(r: LabelsRequest): string {
  const secret = createHmac('sha256', KEY).update(JSON.stringify([r.auth ?? null, r.tls ?? null, r.proxyUrl ?? null])).digest('hex');
  return JSON.stringify([r.scheme, r.target, r.metricsPath, r.label ?? null, secret]);
}

function authorization(auth: FederateAuth | undefined): string | undefined {
  if (!auth || auth.kind === 'none') return undefined;
  if (auth.kind === 'basic') return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
  return `${auth.type ?? 'Bearer'} ${auth.credentials}`;
}

function secretsOf(auth: FederateAuth | undefined): string[] {
  if (auth?.kind === 'basic') return [auth.password].filter(Boolean);
  if (auth?.kind === 'authorization') return [auth.credentials].filter(Boolean);
  return [];
}

export function createLabelsClient(options: LabelsClientOptions = {}): LabelsClient {
  const transport = options.transport ?? createNodeTransport();
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const maxValues = options.maxValues ?? 2000;
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, { expires: number; result?: LabelsResult; inflight?: Promise<LabelsResult> }>();

  async function fetchOnce(request: LabelsRequest, signal?: AbortSignal): Promise<LabelsResult> {
    let url: URL;
    try {
      url = labelsUrl(request);
    } catch (e) {
      return { ok: false, message: `cannot build the request URL: ${(e as Error).message}` };
    }
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), request.timeoutMs);
    const secrets = secretsOf(request.auth);
    try {
      const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Encoding': 'identity', 'User-Agent': `promfed/${options.version ?? 'dev'}` };
      const auth = authorization(request.auth);
      if (auth) headers.Authorization = auth;
      const response = await transport({ url, headers, tls: request.tls, proxyUrl: request.proxyUrl, signal: controller.signal });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > maxBytes) {
          response.body.destroy?.();
          return { ok: false, message: `${url.pathname} answered with more than ${maxBytes / 1024 / 1024} MiB` };
        }
        chunks.push(Buffer.from(chunk));
      }
      if (response.status !== 200) return { ok: false, message: `${url.pathname} answered ${response.status} ${response.statusText}`.trim() };
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return { ok: false, message: `${url.pathname} did not answer JSON: not a Prometheus API?` };
      }
      const data = (parsed as { status?: unknown; data?: unknown }).data;
      if ((parsed as { status?: unknown }).status !== 'success' || !Array.isArray(data)) return { ok: false, message: `${url.pathname} did not answer a Prometheus API result` };
      return { ok: true, values: data.filter((v): v is string => typeof v === 'string').slice(0, maxValues) };
    } catch (e) {
      if (controller.signal.aborted) return { ok: false, message: signal?.aborted ? 'cancelled' : `no answer within ${request.timeoutMs} ms` };
      return { ok: false, message: redactSecrets(describeTransportError(e, url).message, secrets) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    fetchLabels(request, signal) {
      const key = cacheKey(request);
      const found = entries.get(key);
      if (found?.result && found.expires > now()) return Promise.resolve(found.result);
      if (found?.inflight) return found.inflight;
      const entry: { expires: number; result?: LabelsResult; inflight?: Promise<LabelsResult> } = { expires: 0 };
      entry.inflight = fetchOnce(request, signal).then((result) => {
        entry.inflight = undefined;
        if (result.ok || result.message !== 'cancelled') {
          entry.result = result;
          entry.expires = now() + (result.ok ? ttlMs : 5_000);
        } else if (entries.get(key) === entry) entries.delete(key);
        return result;
      });
      entries.set(key, entry);
      while (entries.size > 200) entries.delete(entries.keys().next().value as string);
      return entry.inflight;
    },
  };
}
