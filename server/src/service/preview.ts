/**
 * Live /federate preview, step 1 of 3 (analyse; pure): which job, targets, selectors, credentials and limits a
 * cursor position stands for, turned into a plan of /federate requests. Nothing here reads a file or opens a
 * socket: credential files stay references ({@link SecretSpec}) until server/src/federate/credentials.ts reads
 * them, and the fetch itself happens in server/src/preview/.
 */
import { type Node } from 'yaml';
import { isMap, isScalar, isSeq } from './nodeKinds';
import type { FederateAuth, FederateRequest, FederateTlsOptions } from '../federate/types';
import type { TlsVersionName } from '../federate/transport';
import { effectiveGlobal, effectiveJob, globalEntries } from './effective';
import { staticTargets } from './federation';
import { entriesOf, findEntry, resolve, scalarString, spanOf, type ConfigModel, type Entry, type Job } from './model';
import type { LiveSettings } from './settings';
import type { Span } from './types';
import { parseBytes } from './values';

/** A secret as the config gives it: inline, or the name of a file (resolved against the config's directory). */
export type SecretSpec = { readonly value: string } | { readonly file: string };

/** What the job says about credentials, before any file is read. */
export type AuthSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username?: SecretSpec; readonly password?: SecretSpec }
  | { readonly kind: 'authorization'; readonly type: string; readonly credentials?: SecretSpec; readonly from: 'authorization' | 'bearer_token' }
  /** Something the preview cannot do (oauth2, *_ref secrets): it then sends no request at all. */
  | { readonly kind: 'unsupported'; readonly what: string };

/** `tls_config`, before any file is read. */
export interface TlsSpec {
  readonly ca?: SecretSpec;
  readonly cert?: SecretSpec;
  readonly key?: SecretSpec;
  readonly serverName?: string;
  readonly insecureSkipVerify?: boolean;
  readonly minVersion?: TlsVersionName;
  readonly maxVersion?: TlsVersionName;
}

/** One scrape limit of the job, 0 meaning none; `source` says whether the job or `global` set it. */
export interface LimitValue {
  readonly value: number;
  readonly source: 'job' | 'global';
}

/** The scrape limits that make a federation scrape fail (config/config.go ScrapeConfig; inherited from global). */
export interface ScrapeLimits {
  readonly bodySizeLimit?: LimitValue;
  readonly sampleLimit?: LimitValue;
  readonly labelLimit?: LimitValue;
  readonly labelNameLengthLimit?: LimitValue;
  readonly labelValueLengthLimit?: LimitValue;
}

export interface PreviewTarget {
  /** host:port as the request uses it. */
  readonly address: string;
  /** From static_configs, or from the user's `promfed.live.targets`. */
  readonly source: 'static' | 'setting';
}

/** Everything a federation job's preview needs, from the config and the settings. */
export interface JobPlan {
  readonly jobIndex: number;
  readonly jobName: string;
  readonly scheme: 'http' | 'https';
  readonly metricsPath: string;
  /** All `params` of the job, `match[]` included. */
  readonly params: Readonly<Record<string, readonly string[]>>;
  /** The `match[]` values, in order. */
  readonly selectors: readonly string[];
  /** The targets to fetch (at most {@link MAX_TARGETS}). */
  readonly targets: readonly PreviewTarget[];
  /** Targets left out beyond the cap. */
  readonly omittedTargets: number;
  /** `*_sd_configs` keys of the job: targets the editor cannot resolve. */
  readonly discovery: readonly string[];
  readonly auth: AuthSpec;
  readonly tls?: TlsSpec;
  readonly proxyUrl?: string;
  readonly followRedirects: boolean;
  readonly enableCompression: boolean;
  /** The job's effective scrape_timeout. */
  readonly scrapeTimeoutMs: number;
  /** The deadline the preview uses: the scrape_timeout capped by `promfed.live.timeoutMs`. */
  readonly timeoutMs: number;
  readonly limits: ScrapeLimits;
  /** Facts that make the preview differ from the real scrape (relabeling, unsupported fields). */
  readonly notes: readonly string[];
  /** Why nothing can be fetched, when nothing can. */
  readonly blocked?: string;
}

/** What the cursor is on: one selector of a job, or the whole job. */
export interface PreviewFocus {
  readonly kind: 'selector' | 'job';
  readonly plan: JobPlan;
  /** Index in `match[]` and the selector, when kind is 'selector'. */
  readonly selectorIndex?: number;
  readonly selector?: string;
  readonly span: Span;
}

/** More static targets than this are not all fetched from an editor. */
export const MAX_TARGETS = 8;

const TLS_VERSIONS = new Set<string>(['TLS10', 'TLS11', 'TLS12', 'TLS13']);

function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

function mapOf(model: ConfigModel, node: Node | null | undefined): readonly Entry[] | undefined {
  return isMap(node) ? entriesOf(node, model.document.yaml) : undefined;
}

function str(entries: readonly Entry[] | undefined, key: string): string | undefined {
  return entries ? scalarString(findEntry(entries, key)?.value) : undefined;
}

function bool(entries: readonly Entry[] | undefined, key: string): boolean | undefined {
  const node = entries ? findEntry(entries, key)?.value : undefined;
  if (!isScalar(node)) return undefined;
  if (node.value === true || node.value === 'true') return true;
  if (node.value === false || node.value === 'false') return false;
  return undefined;
}

function secret(entries: readonly Entry[] | undefined, key: string): SecretSpec | undefined {
  const value = str(entries, key);
  if (value !== undefined && value !== '') return { value };
  const file = str(entries, `${key}_file`);
  if (file !== undefined && file !== '') return { file };
  return undefined;
}

function hasRef(entries: readonly Entry[] | undefined, key: string): boolean {
  return !!entries && findEntry(entries, `${key}_ref`) !== undefined;
}

/** The job's credentials as written: mirrors prometheus/common config/http_config.go (bearer_token -> authorization). */
export function authSpecOf(model: ConfigModel, job: Job): AuthSpec {
  if (job.get('oauth2')) return { kind: 'unsupported', what: 'oauth2 credentials' };
  const basic = mapOf(model, job.get('basic_auth')?.value);
  if (basic) {
    if (hasRef(basic, 'username') || hasRef(basic, 'password')) return { kind: 'unsupported', what: 'basic_auth secrets by reference (*_ref)' };
    const username = secret(basic, 'username');
    const password = secret(basic, 'password');
    return { kind: 'basic', ...(username ? { username } : {}), ...(password ? { password } : {}) };
  }
  const authorization = mapOf(model, job.get('authorization')?.value);
  if (authorization) {
    if (hasRef(authorization, 'credentials')) return { kind: 'unsupported', what: 'authorization credentials by reference (credentials_ref)' };
    const credentials = secret(authorization, 'credentials');
    return { kind: 'authorization', type: str(authorization, 'type') || 'Bearer', from: 'authorization', ...(credentials ? { credentials } : {}) };
  }
  const bearer = secret(job.entries, 'bearer_token');
  if (bearer) return { kind: 'authorization', type: 'Bearer', credentials: bearer, from: 'bearer_token' };
  return { kind: 'none' };
}

export function tlsSpecOf(model: ConfigModel, job: Job): TlsSpec | undefined {
  const tls = mapOf(model, job.get('tls_config')?.value);
  if (!tls) return undefined;
  const version = (key: string): TlsVersionName | undefined => {
    const v = str(tls, key);
    return v && TLS_VERSIONS.has(v) ? (v as TlsVersionName) : undefined;
  };
  const ca = secret(tls, 'ca');
  const cert = secret(tls, 'cert');
  const key = secret(tls, 'key');
  const serverName = str(tls, 'server_name');
  const insecure = bool(tls, 'insecure_skip_verify');
  const minVersion = version('min_version');
  const maxVersion = version('max_version');
  return {
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(serverName ? { serverName } : {}),
    ...(insecure !== undefined ? { insecureSkipVerify: insecure } : {}),
    ...(minVersion ? { minVersion } : {}),
    ...(maxVersion ? { maxVersion } : {}),
  };
}

/** `params` as url.Values: each key a list of strings (a lone string is taken as a one-item list). */
export function paramsOf(model: ConfigModel, job: Job): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of mapOf(model, job.get('params')?.value) ?? []) {
    const v = e.value;
    if (isSeq(v)) {
      out[e.key] = v.items.map((i) => scalarString(resolve(i, model.document.yaml))).filter((s): s is string => s !== undefined);
    } else if (isScalar(v) && v.value !== null) out[e.key] = [String(v.value)];
  }
  return out;
}

function limitOf(model: ConfigModel, job: Job, key: string, parse: (text: string) => number | undefined): LimitValue | undefined {
  const own = parse(scalarString(job.get(key)?.value) ?? '');
  if (own !== undefined && own > 0) return { value: own, source: 'job' };
  // Limits left at 0 inherit from global (config/config.go ScrapeConfig.Validate).
  const global = parse(scalarString(findEntry(globalEntries(model), key)?.value) ?? '');
  if (global !== undefined && global > 0) return { value: global, source: 'global' };
  return undefined;
}

function parseCount(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function parseSize(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const r = parseBytes(text.trim());
  return 'bytes' in r ? r.bytes : undefined;
}

export function limitsOf(model: ConfigModel, job: Job): ScrapeLimits {
  const out: Record<string, LimitValue> = {};
  const set = (name: keyof ScrapeLimits, v: LimitValue | undefined): void => {
    if (v) out[name] = v;
  };
  set('bodySizeLimit', limitOf(model, job, 'body_size_limit', parseSize));
  set('sampleLimit', limitOf(model, job, 'sample_limit', parseCount));
  set('labelLimit', limitOf(model, job, 'label_limit', parseCount));
  set('labelNameLengthLimit', limitOf(model, job, 'label_name_length_limit', parseCount));
  set('labelValueLengthLimit', limitOf(model, job, 'label_value_length_limit', parseCount));
  return out;
}

/** A `promfed.live.targets` value as host:port; undefined when it is not one. */
export function overrideTarget(value: string): string | undefined {
  const v = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return /^[^\s/@?#]+$/.test(v) ? v : undefined;
}

/** The preview plan of one job. */
export function planJob(model: ConfigModel, job: Job, live: LiveSettings): JobPlan {
  const times = effectiveJob(job, effectiveGlobal(model));
  const name = job.name ?? '';
  const scheme = scalarString(job.get('scheme')?.value) === 'https' ? 'https' : 'http';
  const params = paramsOf(model, job);
  const notes: string[] = [];
  const discovery = job.entries.filter((e) => e.key.endsWith('_sd_configs')).map((e) => e.key);
  let targets: PreviewTarget[];
  let blocked: string | undefined;
  const override = live.targets[name];
  if (override !== undefined) {
    const address = overrideTarget(override);
    targets = address ? [{ address, source: 'setting' }] : [];
    if (!address) blocked = `promfed.live.targets["${name}"] is not a host:port`;
  } else {
    targets = staticTargets(model, job).map((t) => ({ address: t.address, source: 'static' as const }));
    if (targets.length === 0) {
      blocked = discovery.length
        ? `the targets of this job come from ${discovery.join(', ')}, which an editor cannot resolve; set promfed.live.targets to {"${name}": "host:port"} to preview one`
        : `this job has no static targets; set promfed.live.targets to {"${name}": "host:port"} to preview one`;
    } else if (discovery.length) notes.push(`only the static targets are previewed; those from ${discovery.join(', ')} are not`);
  }
  const unique = [...new Map(targets.map((t) => [t.address, t])).values()];
  const omittedTargets = Math.max(0, unique.length - MAX_TARGETS);
  if (omittedTargets) notes.push(`only the first ${MAX_TARGETS} of ${unique.length} targets are previewed`);
  const auth = authSpecOf(model, job);
  if (auth.kind === 'unsupported') blocked ??= `the preview cannot send ${auth.what}, so it sends nothing`;
  if (job.get('relabel_configs')) notes.push('relabel_configs may change the address or params Prometheus really scrapes');
  if (job.get('metric_relabel_configs')) notes.push('metric_relabel_configs run before sample_limit counts; the counts here are before them');
  if (job.get('http_headers')) notes.push('http_headers are not sent by the preview');
  const proxyUrl = scalarString(job.get('proxy_url')?.value);
  const tls = tlsSpecOf(model, job);
  const metricsPath = job.metricsPath?.trim() || '/metrics';
  return {
    jobIndex: job.index,
    jobName: name,
    scheme,
    metricsPath,
    params,
    selectors: params['match[]'] ?? [],
    targets: unique.slice(0, MAX_TARGETS),
    omittedTargets,
    discovery,
    auth,
    ...(tls ? { tls } : {}),
    ...(proxyUrl ? { proxyUrl } : {}),
    followRedirects: bool(job.entries, 'follow_redirects') ?? true,
    enableCompression: bool(job.entries, 'enable_compression') ?? true,
    scrapeTimeoutMs: times.timeout.ms,
    timeoutMs: Math.max(1, Math.min(times.timeout.ms || live.timeoutMs, live.timeoutMs)),
    limits: limitsOf(model, job),
    notes,
    ...(blocked ? { blocked } : {}),
  };
}

function keySpan(entry: Entry | undefined): Span | undefined {
  return entry ? spanOf(entry.keyNode) : undefined;
}

function valueSpan(entry: Entry | undefined): Span | undefined {
  return entry?.value && isScalar(entry.value) ? spanOf(entry.value) : undefined;
}

/**
 * What a hover at `offset` previews: a `match[]` selector alone, or the whole job when the cursor is on
 * `params` (or its `match[]` key), `metrics_path` or `job_name`. Only federation jobs.
 */
export function analyzePreviewAt(model: ConfigModel, offset: number, live: LiveSettings): PreviewFocus | undefined {
  for (const job of model.jobs) {
    if (!job.isFederation || !contains(job.span, offset)) continue;
    for (const ref of job.selectors) {
      const span = spanOf(ref.node);
      if (contains(span, offset)) return { kind: 'selector', plan: planJob(model, job, live), selectorIndex: ref.index, selector: ref.value, span };
    }
    const params = job.get('params');
    const matchKey = isMap(params?.value) ? findEntry(entriesOf(params.value, model.document.yaml), 'match[]') : undefined;
    for (const span of [keySpan(params), keySpan(matchKey), keySpan(job.get('metrics_path')), valueSpan(job.get('metrics_path')), keySpan(job.nameEntry), valueSpan(job.nameEntry)]) {
      if (span && contains(span, offset)) return { kind: 'job', plan: planJob(model, job, live), span };
    }
  }
  return undefined;
}

/** The federation job at `jobIndex` of scrape_configs, planned; undefined when there is none. */
export function planJobAt(model: ConfigModel, jobIndex: number, live: LiveSettings): JobPlan | undefined {
  const job = model.jobs[jobIndex];
  return job?.node && job.isFederation ? planJob(model, job, live) : undefined;
}

/** Credentials and TLS material after the files were read. */
export interface ResolvedSecrets {
  readonly auth: FederateAuth;
  readonly tls?: FederateTlsOptions;
}

/**
 * The request to one target with the given `match[]` values (the other params stay as the job has them).
 * Mirrors scrape/target.go URL building and scrape/scrape.go request headers (the client sets those).
 */
export function requestFor(plan: JobPlan, target: PreviewTarget, selectors: readonly string[], secrets: ResolvedSecrets, maxBytes: number): FederateRequest {
  return {
    scheme: plan.scheme,
    target: target.address,
    metricsPath: plan.metricsPath,
    params: { ...plan.params, 'match[]': [...selectors] },
    auth: secrets.auth,
    ...(secrets.tls ? { tls: secrets.tls } : {}),
    ...(plan.proxyUrl ? { proxyUrl: plan.proxyUrl } : {}),
    followRedirects: plan.followRedirects,
    enableCompression: plan.enableCompression,
    timeoutMs: plan.timeoutMs,
    scrapeTimeoutSeconds: plan.scrapeTimeoutMs / 1000,
    maxBytes,
  };
}

/** The selectors a focus fetches: one, or all of the job's. */
export function focusSelectors(focus: PreviewFocus): readonly string[] {
  return focus.kind === 'selector' && focus.selector !== undefined ? [focus.selector] : focus.plan.selectors;
}
