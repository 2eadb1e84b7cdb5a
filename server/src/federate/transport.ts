/**
 * The low-level HTTP transport behind the /federate client: one GET, no redirects, no decompression. The client
 * does everything above (headers, redirects, gzip, limits, deadlines), so tests can swap this for a fake.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { LookupFunction } from 'node:net';

/** TLS settings of a scrape job (`tls_config`), with file contents already read by the caller. */
export interface FederateTlsOptions {
  /** PEM of the CA bundle; when set it replaces the system roots, as in Go. */
  readonly ca?: string;
  /** PEM of the client certificate and its key. */
  readonly cert?: string;
  readonly key?: string;
  readonly serverName?: string;
  readonly insecureSkipVerify?: boolean;
  /** Default TLS12, the prometheus/common default. */
  readonly minVersion?: TlsVersionName;
  readonly maxVersion?: TlsVersionName;
}

export type TlsVersionName = 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';

/** One request as the transport receives it. */
export interface TransportRequest {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly tls?: FederateTlsOptions;
  /** An `http://` proxy; https targets go through CONNECT. */
  readonly proxyUrl?: string;
  /** Aborting must destroy the connection, also after the response headers arrived. */
  readonly signal: AbortSignal;
}

/** Response head plus the raw (possibly compressed) body. */
export interface TransportResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body bytes; the client consumes it once, and destroys it (when it can) to stop early. */
  readonly body: AsyncIterable<Uint8Array> & { destroy?(error?: Error): void };
}

/** Sends one GET. Rejects with Node-style errors (`code` such as ECONNREFUSED, CERT_HAS_EXPIRED). */
export type FederateTransport = (request: TransportRequest) => Promise<TransportResponse>;

/** Options of the default transport. */
export interface NodeTransportOptions {
  /** DNS lookup override (tests use it to fake a failing resolver without leaving loopback). */
  readonly lookup?: LookupFunction;
}

const TLS_VERSIONS: Record<TlsVersionName, tls.SecureVersion> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

/** An error of the transport that Node itself does not name. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The default transport over node:http and node:tls, one fresh connection per request (no keep-alive). */
export function createNodeTransport(options: NodeTransportOptions = {}): FederateTransport {
  return (request) => {
    const { url, proxyUrl } = request;
    if (!proxyUrl) return send(request, directConnection(request, options));
    const proxy = new URL(proxyUrl);
    if (proxy.protocol !== 'http:') return Promise.reject(new TransportError(`unsupported proxy scheme ${proxy.protocol}`, 'EPROXYSCHEME'));
    const proxyAuth = proxy.username ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` : undefined;
    const proxyConnect = (): net.Socket => net.connect({ host: hostOf(proxy), port: portOf(proxy), lookup: options.lookup });
    if (url.protocol === 'http:') {
      // Plain http through a proxy: the request line carries the absolute URI.
      const headers = proxyAuth ? { ...request.headers, 'Proxy-Authorization': proxyAuth } : request.headers;
      return send({ ...request, headers }, proxyConnect, `${url.origin}${url.pathname}${url.search}`);
    }
    return tunnel(request, proxyConnect, proxyAuth).then((socket) => send(request, () => tlsConnect(request, options, socket)));
  };
}

function directConnection(request: TransportRequest, options: NodeTransportOptions): () => net.Socket {
  const { url } = request;
  if (url.protocol === 'https:') return () => tlsConnect(request, options);
  return () => net.connect({ host: hostOf(url), port: portOf(url), lookup: options.lookup });
}

function tlsConnect(request: TransportRequest, options: NodeTransportOptions, socket?: net.Socket): tls.TLSSocket {
  const { url } = request;
  const t = request.tls ?? {};
  const host = hostOf(url);
  // Node refuses an IP address as SNI; Go sends none for IPs either.
  const servername = t.serverName ?? (net.isIP(host) ? undefined : host);
  const tlsSocket = tls.connect({
    socket,
    host,
    port: portOf(url),
    lookup: options.lookup,
    servername,
    ca: t.ca,
    cert: t.cert,
    key: t.key,
    rejectUnauthorized: !t.insecureSkipVerify,
    minVersion: TLS_VERSIONS[t.minVersion ?? 'TLS12'],
    maxVersion: t.maxVersion ? TLS_VERSIONS[t.maxVersion] : undefined,
    // Verify against server_name when given, like Go's tls.Config.ServerName.
    checkServerIdentity: (hostname, cert) => tls.checkServerIdentity(t.serverName ?? hostname, cert),
  });
  if (socket) tlsSocket.once('close', () => socket.destroy());
  return tlsSocket;
}

function tunnel(request: TransportRequest, connect: () => net.Socket, proxyAuth: string | undefined): Promise<net.Socket> {
  const authority = `${hostOf(request.url).includes(':') ? `[${hostOf(request.url)}]` : hostOf(request.url)}:${portOf(request.url)}`;
  return new Promise((resolve, reject) => {
    const req = http.request({
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority, ...(proxyAuth ? { 'Proxy-Authorization': proxyAuth } : {}) },
      createConnection: connect,
      signal: request.signal,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new TransportError(`the proxy refused CONNECT: ${res.statusCode} ${res.statusMessage ?? ''}`.trim(), 'EPROXY', res.statusCode));
        return;
      }
      const onAbort = (): void => {
        socket.destroy();
      };
      request.signal.addEventListener('abort', onAbort, { once: true });
      socket.once('close', () => request.signal.removeEventListener('abort', onAbort));
      resolve(socket);
    });
    req.once('response', (res) => {
      res.destroy();
      reject(new TransportError(`the proxy answered CONNECT with ${res.statusCode}`, 'EPROXY', res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

function send(request: TransportRequest, connect: () => net.Socket, path?: string): Promise<TransportResponse> {
  const { url } = request;
  return new Promise((resolve, reject) => {
    const req = http.request({
      method: 'GET',
      host: hostOf(url),
      port: portOf(url),
      path: path ?? `${url.pathname}${url.search}`,
      // Host without the default port, as Go writes it.
      headers: { Host: url.host, ...request.headers },
      createConnection: connect,
      signal: request.signal,
    });
    req.once('response', (res) => {
      resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: res });
    });
    req.on('error', reject);
    req.end();
  });
}

function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
