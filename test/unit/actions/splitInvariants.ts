/** What every split must keep: the other keys verbatim, the selector union, comments, honor_labels, unique names. */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { commentsOf } from './actionHelpers';

type Json = Record<string, any>;

export function jobsOf(text: string): Json[] {
  const doc = parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false });
  assert.deepEqual(doc.errors.map((e) => e.message), [], 'the split output is valid YAML');
  const js = doc.toJS({ maxAliasCount: -1 }) as Json | null;
  return (js?.scrape_configs ?? []) as Json[];
}

/** The job without what a split changes. */
function rest(job: Json): Json {
  const { job_name: _n, honor_labels: _h, params, ...others } = job;
  const { 'match[]': _m, ...otherParams } = (params ?? {}) as Json;
  return { ...others, params: otherParams };
}

/**
 * Checks `output` against `input` for a split of job `jobIndex` into `groups` (selector indexes per new job).
 * Returns the new jobs.
 */
export function assertSplit(input: string, output: string, jobIndex: number, groups: readonly (readonly number[])[]): Json[] {
  const before = jobsOf(input);
  const after = jobsOf(output);
  const original = before[jobIndex];
  const selectors: string[] = original.params['match[]'];
  assert.equal(after.length, before.length - 1 + groups.length, 'one job per group replaces the original');
  const made = after.slice(jobIndex, jobIndex + groups.length);
  assert.deepEqual(after.slice(0, jobIndex), before.slice(0, jobIndex), 'the jobs before are untouched');
  assert.deepEqual(after.slice(jobIndex + groups.length), before.slice(jobIndex + 1), 'the jobs after are untouched');
  made.forEach((job, n) => {
    assert.equal(job.honor_labels, true, `honor_labels: true in ${job.job_name}`);
    assert.deepEqual(job.params['match[]'], groups[n].map((i) => selectors[i]), `the selectors of ${job.job_name}`);
    assert.deepEqual(rest(job), rest(original), `every other key of ${job.job_name} is the original's`);
  });
  const union = made.flatMap((j) => j.params['match[]'] as string[]);
  assert.deepEqual([...union].sort(), [...selectors].sort(), 'the selector union is kept');
  const names = after.map((j) => String(j.job_name));
  const madeNames = made.map((j) => String(j.job_name));
  for (const name of madeNames) assert.equal(names.filter((n) => n === name).length, 1, `job name ${name} is unique`);
  for (const name of madeNames) assert.match(name, /\S/);
  const outComments = commentsOf(output);
  for (const c of new Set(commentsOf(input))) {
    const want = commentsOf(input).filter((x) => x === c).length;
    assert.ok(outComments.filter((x) => x === c).length >= want, `comment kept: ${c}`);
  }
  return made;
}
