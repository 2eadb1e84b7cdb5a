/** Job names: every name a file uses, and readable names for jobs split off by selector. */
import type { Job } from '../model';
import type { ActionContext } from './types';
import { contentEnd } from './yamlText';

function decodeDoubleQuoted(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body; // a YAML-only escape: close enough for a collision check
  }
}

/** A `job_name:` line, matched where a line starts (`y`: at lastIndex only; `m`: `^` and `$` at line breaks). */
const JOB_NAME_LINE = /^[ \t]*(?:-[ \t]+)?job_name[ \t]*:[ \t]*(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^#\r\n]*?))[ \t]*(?:#.*)?$/my;

/** Where the line of a `job_name` key at `at` starts, or -1 when something other than blanks and a `- ` is before it. */
function jobNameLineStart(text: string, at: number): number {
  for (let p = at - 1; p >= 0; p--) {
    const c = text.charCodeAt(p);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return p + 1;
    if (c !== 32 && c !== 9 && c !== 45 /* - */) return -1;
  }
  return 0;
}

/**
 * Every job name in the file, except `except`'s own: the model's, plus any `job_name:` line the model could not
 * place in scrape_configs (an outdented item), so a new name never collides with a job the user is about to fix.
 * The lines are found from each `job_name` in the text (a scan of every line start took ~10 ms on 5 000 jobs).
 */
export function allJobNames(ctx: ActionContext, except?: Job): Set<string> {
  const names = new Set<string>();
  for (const job of ctx.model.jobs) if (job !== except && job.name !== undefined) names.add(job.name);
  const from = except?.node?.range?.[0] ?? -1;
  const to = except?.node ? contentEnd(except.node) : -1;
  const text = ctx.text;
  for (let at = text.indexOf('job_name'); at >= 0; at = text.indexOf('job_name', at + 8)) {
    const lineStart = jobNameLineStart(text, at);
    if (lineStart < 0) continue;
    JOB_NAME_LINE.lastIndex = lineStart;
    const m = JOB_NAME_LINE.exec(text);
    if (!m) continue;
    const keyAt = lineStart + m[0].indexOf('job_name');
    if (keyAt >= from && keyAt < to) continue;
    const name = m[1] !== undefined ? decodeDoubleQuoted(m[1]) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3];
    if (name) names.add(name);
  }
  return names;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/** A readable stand-in for a regex: its literal text, `<prefix>` for `prefix_.*`, `<prefix>-rules` for `prefix:.*`. */
function regexSlug(re: string): string | undefined {
  const body = re.replace(/^\^/, '').replace(/\$$/, '');
  if (/^[A-Za-z0-9_:/-]+$/.test(body)) return slug(body) || undefined;
  const prefix = /^([A-Za-z0-9_:/-]+)\.[*+]$/.exec(body);
  if (prefix) {
    const p = prefix[1];
    return p.endsWith(':') ? `${slug(p)}-rules` : slug(p) || undefined;
  }
  const alternatives = body.split('|');
  if (alternatives.length > 1 && alternatives.length <= 3 && alternatives.every((a) => /^[A-Za-z0-9_:-]+$/.test(a))) return slug(alternatives.join('-'));
  return undefined;
}

const MATCHER = /([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`]*)`)/g;

/**
 * A job name that says what a selector federates: `{job="istio/istio-mesh"}` -> `federate-istio-mesh`,
 * `{__name__=~"job:.*"}` -> `federate-job-rules`, `up` -> `federate-up`. Undefined when nothing readable shows.
 */
export function deriveJobName(selector: string): string | undefined {
  const bare = /^\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*(?:\{|$)/.exec(selector);
  let metric = bare ? slug(bare[1]) : undefined;
  let job: string | undefined;
  let other: string | undefined;
  for (const m of selector.matchAll(MATCHER)) {
    const [, name, op] = m;
    const value = m[3] ?? m[4] ?? m[5] ?? '';
    if (op === '!=' || op === '!~') continue;
    const part = op === '=' ? slug(name === 'job' ? value.split('/').pop() ?? value : value) || undefined : regexSlug(value);
    if (name === '__name__') metric ??= part;
    else if (name === 'job') job ??= part;
    else other ??= part;
  }
  const parts = [metric, job].filter((p): p is string => !!p);
  if (!parts.length && other) parts.push(other);
  if (!parts.length) return undefined;
  return `federate-${parts.join('-')}`.slice(0, 80).replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`... whichever is free first; the result is added to `taken`. */
export function claimName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}
