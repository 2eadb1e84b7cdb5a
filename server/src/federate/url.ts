/** The /federate URL, built the way Prometheus builds a scrape URL. */
import type { FederateRequest } from './types';

/** The URL Prometheus would scrape for this request (scrape/target.go builds it the same way). */
export function buildFederateUrl(request: Pick<FederateRequest, 'scheme' | 'target' | 'metricsPath' | 'params'>): URL {
  if (!request.metricsPath.startsWith('/')) throw new Error(`metrics_path must start with "/", got "${request.metricsPath}"`);
  const url = new URL(`${request.scheme}://${request.target}${request.metricsPath}`);
  if (url.username || url.password) throw new Error('the target must not contain credentials');
  const query = Object.keys(request.params)
    .sort()
    .flatMap((key) => request.params[key].map((value) => `${goQueryEscape(key)}=${goQueryEscape(value)}`))
    .join('&');
  url.search = query;
  return url;
}

/** A URL fit for display: scheme, host, port and path; no userinfo, no query. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Go's url.QueryEscape: unreserved characters stay, space becomes +, everything else is %XX of its UTF-8 bytes. */
function goQueryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
