import * as assert from 'node:assert/strict';
import { createFederateCache, federateCacheKey, type FederateFetcher } from '../../../server/src/federate/cache';
import type { FederateRequest, FederateResult } from '../../../server/src/federate/client';

const REQUEST: FederateRequest = {
  scheme: 'http',
  target: '127.0.0.1:9090',
  metricsPath: '/federate',
  params: { 'match[]': ['up', '{job="x"}'] },
  auth: { kind: 'basic', username: 'admin', password: 'hunter2' },
  timeoutMs: 1000,
};

function result(ok: boolean, message = 'fine'): FederateResult {
  return { ok, message, url: 'http://127.0.0.1:9090/federate', credentialsDropped: false, redirects: 0, bytesOnWire: 0, bytesUncompressed: 0, durationMs: 1, ...(ok ? {} : { errorKind: 'refused' as const }) };
}

/** A fetcher whose calls stay pending until the test settles them; records each call's signal. */
function controlled(): { fetcher: FederateFetcher; calls: { signal?: AbortSignal; settle(r: FederateResult): void }[] } {
  const calls: { signal?: AbortSignal; settle(r: FederateResult): void }[] = [];
  const fetcher: FederateFetcher = (_req, signal) =>
    new Promise((resolve) => {
      const call = { signal, settle: resolve };
      calls.push(call);
      signal?.addEventListener('abort', () => resolve({ ...result(false, 'cancelled'), errorKind: 'aborted' }));
    });
  return { fetcher, calls };
}

describe('federate/cache', () => {
  describe('key', () => {
    it('ignores the order of params and of their values', () => {
      const a = federateCacheKey({ ...REQUEST, params: { b: ['2'], 'match[]': ['up', '{job="x"}'] } });
      const b = federateCacheKey({ ...REQUEST, params: { 'match[]': ['{job="x"}', 'up'], b: ['2'] } });
      assert.equal(a, b);
    });

    it('differs per credentials but never contains them', () => {
      const a = federateCacheKey(REQUEST);
      const b = federateCacheKey({ ...REQUEST, auth: { kind: 'basic', username: 'admin', password: 'other' } });
      assert.notEqual(a, b);
      assert.doesNotMatch(a, /hunter2|admin/);
      const c = federateCacheKey({ ...REQUEST, auth: { kind: 'authorization', credentials: 'tok-abc' }, tls: { key: 'PRIVATE KEY' }, proxyUrl: 'http://u:pw@127.0.0.1:3128' });
      assert.doesNotMatch(c, /tok-abc|PRIVATE|pw@/);
    });

    it('differs per target, path and params', () => {
      const keys = new Set([
        federateCacheKey(REQUEST),
        federateCacheKey({ ...REQUEST, target: '127.0.0.1:9091' }),
        federateCacheKey({ ...REQUEST, metricsPath: '/other' }),
        federateCacheKey({ ...REQUEST, params: { 'match[]': ['up'] } }),
        federateCacheKey({ ...REQUEST, scheme: 'https' }),
      ]);
      assert.equal(keys.size, 5);
    });
  });

  it('serves a fresh result from the cache until the TTL ends', async () => {
    let clock = 0;
    let calls = 0;
    const cache = createFederateCache(async () => result(true, `call ${++calls}`), { ttlMs: 1000, now: () => clock });
    assert.equal((await cache.fetch(REQUEST)).message, 'call 1');
    clock = 999;
    assert.equal((await cache.fetch(REQUEST)).message, 'call 1');
    clock = 1000;
    assert.equal((await cache.fetch(REQUEST)).message, 'call 2');
  });

  it('keeps failures for a shorter time', async () => {
    let clock = 0;
    let calls = 0;
    const cache = createFederateCache(async () => result(false, `call ${++calls}`), { ttlMs: 60_000, failureTtlMs: 100, now: () => clock });
    await cache.fetch(REQUEST);
    clock = 50;
    assert.equal((await cache.fetch(REQUEST)).message, 'call 1');
    clock = 100;
    assert.equal((await cache.fetch(REQUEST)).message, 'call 2');
  });

  it('concurrent callers share one in-flight fetch', async () => {
    const { fetcher, calls } = controlled();
    const cache = createFederateCache(fetcher);
    const a = cache.fetch(REQUEST, new AbortController().signal);
    const b = cache.fetch({ ...REQUEST, params: { 'match[]': ['{job="x"}', 'up'] } });
    assert.equal(calls.length, 1);
    calls[0].settle(result(true, 'shared'));
    assert.equal((await a).message, 'shared');
    assert.equal((await b).message, 'shared');
  });

  it('a cancelled caller does not cancel the fetch for the others', async () => {
    const { fetcher, calls } = controlled();
    const cache = createFederateCache(fetcher);
    const first = new AbortController();
    const a = cache.fetch(REQUEST, first.signal);
    const b = cache.fetch(REQUEST, new AbortController().signal);
    first.abort();
    assert.equal((await a).errorKind, 'aborted');
    assert.equal(calls[0].signal?.aborted, false);
    calls[0].settle(result(true, 'for b'));
    assert.equal((await b).message, 'for b');
    assert.equal((await cache.fetch(REQUEST)).message, 'for b', 'and it is cached');
  });

  it('when every caller cancelled, the shared fetch is cancelled and nothing is cached', async () => {
    const { fetcher, calls } = controlled();
    const cache = createFederateCache(fetcher);
    const one = new AbortController();
    const two = new AbortController();
    const a = cache.fetch(REQUEST, one.signal);
    const b = cache.fetch(REQUEST, two.signal);
    one.abort();
    assert.equal(calls[0].signal?.aborted, false);
    two.abort();
    assert.equal(calls[0].signal?.aborted, true);
    assert.equal((await a).errorKind, 'aborted');
    assert.equal((await b).errorKind, 'aborted');
    assert.equal(cache.size, 0);
    const c = cache.fetch(REQUEST);
    assert.equal(calls.length, 2, 'a later caller starts a fresh fetch');
    calls[1].settle(result(true, 'fresh'));
    assert.equal((await c).message, 'fresh');
  });

  it('a caller without a signal keeps the shared fetch alive', async () => {
    const { fetcher, calls } = controlled();
    const cache = createFederateCache(fetcher);
    const one = new AbortController();
    void cache.fetch(REQUEST, one.signal);
    const b = cache.fetch(REQUEST);
    one.abort();
    assert.equal(calls[0].signal?.aborted, false);
    calls[0].settle(result(true, 'kept'));
    assert.equal((await b).message, 'kept');
  });

  it('an already cancelled caller does not start a fetch', async () => {
    const { fetcher, calls } = controlled();
    const cache = createFederateCache(fetcher);
    const c = new AbortController();
    c.abort();
    assert.equal((await cache.fetch(REQUEST, c.signal)).errorKind, 'aborted');
    assert.equal(calls.length, 0);
  });

  it('evicts the least recently used entries beyond maxEntries, and invalidates', async () => {
    const fetched: string[] = [];
    const cache = createFederateCache(async (req) => (fetched.push(req.target), result(true, req.target)), { maxEntries: 2 });
    for (const target of ['a:1', 'b:1', 'a:1', 'c:1', 'a:1', 'b:1']) await cache.fetch({ ...REQUEST, target });
    assert.deepEqual(fetched, ['a:1', 'b:1', 'c:1', 'b:1'], 'b was the least recently used when c came');
    assert.equal(cache.size, 2);
    cache.invalidate({ ...REQUEST, target: 'a:1' });
    assert.equal(cache.size, 1);
    cache.invalidate();
    assert.equal(cache.size, 0);
  });
});
