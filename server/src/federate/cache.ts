/**
 * A small TTL cache in front of the /federate client. Hovers fire on every mouse move; this keeps them to one
 * request per (target, path, params, credentials) per TTL, and lets concurrent callers share one fetch.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FederateRequest, FederateResult } from './client';

/** The function the cache wraps: `FederateClient.fetchFederate`, or a fake. */
export type FederateFetcher = (request: FederateRequest, signal?: AbortSignal) => Promise<FederateResult>;

export interface FederateCacheOptions {
  /** How long a successful result is reused. Default 60 s. */
  readonly ttlMs?: number;
  /** How long a failure is reused, so an unreachable server is not hammered. Default 5 s. */
  readonly failureTtlMs?: number;
  /** Oldest entries are dropped beyond this. Default 100. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/** `fetch` has the fetcher's signature; results for equal keys are shared. */
export interface FederateCache {
  fetch(request: FederateRequest, signal?: AbortSignal): Promise<FederateResult>;
  /** Drops one request's entry (e.g. after a config save), or everything. */
  invalidate(request?: FederateRequest): void;
  readonly size: number;
}

interface Entry {
  readonly request: FederateRequest;
  result?: FederateResult;
  expires: number;
  inflight?: Promise<FederateResult>;
  controller?: AbortController;
  waiters: number;
}

// A per-process key: fingerprints cannot be checked against guessed secrets outside this process.
const FINGERPRINT_KEY = randomBytes(32);

/**
 * The cache key: target, path and sorted params in clear; credentials, TLS key and proxy URL only as an HMAC.
 * Options that change the result (timeouts, caps, compression, redirects) are part of it too.
 */
export function federateCacheKey(request: FederateRequest): string {
  const params = Object.keys(request.params)
    .sort()
    .map((k) => [k, [...request.params[k]].sort()]);
  const fingerprint = createHmac('sha256', FINGERPRINT_KEY)
    .update(JSON.stringify([request.auth ?? null, request.tls ?? null, request.proxyUrl ?? null]))
    .digest('hex')
    .slice(0, 32);
  return JSON.stringify([
    request.scheme,
    request.target,
    request.metricsPath,
    params,
    fingerprint,
    request.followRedirects ?? true,
    request.enableCompression ?? true,
    request.timeoutMs,
    request.maxBytes ?? null,
    request.parser ?? null,
  ]);
}

/** Wraps `fetcher` with a TTL cache and in-flight sharing. */
export function createFederateCache(fetcher: FederateFetcher, options: FederateCacheOptions = {}): FederateCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const failureTtlMs = options.failureTtlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 100;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, Entry>();

  function start(key: string, request: FederateRequest): Entry {
    const controller = new AbortController();
    const entry: Entry = { request, expires: 0, controller, waiters: 0 };
    entry.inflight = fetcher(request, controller.signal).then(
      (result) => {
        settle(key, entry, result);
        return result;
      },
      (error: unknown) => {
        // The client never rejects; a fetcher that does is a bug to surface, but the entry must not stay stuck.
        if (entries.get(key) === entry) entries.delete(key);
        throw error;
      },
    );
    entries.set(key, entry);
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return entry;
  }

  function settle(key: string, entry: Entry, result: FederateResult): void {
    entry.inflight = undefined;
    entry.controller = undefined;
    if (entries.get(key) !== entry) return;
    if (result.errorKind === 'aborted') {
      entries.delete(key);
      return;
    }
    entry.result = result;
    entry.expires = now() + (result.ok ? ttlMs : failureTtlMs);
  }

  function join(entry: Entry, key: string, signal: AbortSignal | undefined): Promise<FederateResult> {
    const shared = entry.inflight!;
    entry.waiters++;
    if (!signal) return shared;
    return new Promise((resolve, reject) => {
      let done = false;
      const onAbort = (): void => {
        if (done) return;
        done = true;
        entry.waiters--;
        // The last interested caller left: stop the fetch; a later caller starts a fresh one.
        if (entry.waiters === 0 && entry.inflight) {
          entry.controller?.abort();
          if (entries.get(key) === entry) entries.delete(key);
        }
        resolve(abortedResult(entry.request));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(
        (result) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) resolve(result);
          done = true;
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          if (!done) reject(error);
          done = true;
        },
      );
    });
  }

  return {
    fetch(req, signal) {
      const key = federateCacheKey(req);
      const found = entries.get(key);
      if (found?.result && found.expires > now()) {
        // Refresh recency for the eviction order.
        entries.delete(key);
        entries.set(key, found);
        return Promise.resolve(found.result);
      }
      if (found?.inflight) return join(found, key, signal);
      if (signal?.aborted) return Promise.resolve(abortedResult(req));
      return join(start(key, req), key, signal);
    },
    invalidate(req) {
      if (!req) entries.clear();
      else entries.delete(federateCacheKey(req));
    },
    get size() {
      return entries.size;
    },
  };
}

function abortedResult(request: FederateRequest): FederateResult {
  return {
    ok: false,
    errorKind: 'aborted',
    message: 'cancelled',
    url: `${request.scheme}://${request.target}${request.metricsPath}`,
    credentialsDropped: false,
    redirects: 0,
    bytesOnWire: 0,
    bytesUncompressed: 0,
    durationMs: 0,
  };
}
