/** What every split must keep: the other keys verbatim, the selector union, comments, honor_labels, unique names. */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { parseConfig } from '../../../server/src/service';
import type { Finding, Span } from '../../../server/src/service/types';
import { commentsOf, countCodes, findingsOf } from './actionHelpers';

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

const within = (f: Finding, s: Span) => s.start <= f.start && f.start < s.end;
const isSelectorFinding = (f: Finding) => typeof f.data?.selectorIndex === 'number';

function show(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.code}: ${f.message}`).join('\n  ');
}

/**
 * What a split may do to the findings. The new jobs are copies of the original but for their selectors, so:
 * - no code appears that the input did not have;
 * - a finding about a job (no selectorIndex in its data: federate-staleness, plaintext-secret, an unknown key, ...)
 *   appears on each new job at most as often as on the original job;
 * - a finding about a selector appears in all new jobs together at most as often as in the original job: each
 *   selector lands in exactly one new job. This is what forbids selector-overlap between the new jobs (within one
 *   job /federate merges overlapping selectors; two jobs would both ingest the common series);
 * - outside the new jobs, no code is reported more often than outside the original job.
 */
export function assertSplitFindings(input: string, output: string, jobIndex: number, count: number): void {
  const before = findingsOf(input);
  const after = findingsOf(output);
  const was = countCodes(before);
  for (const [code] of countCodes(after)) assert.ok(was.has(code), `a new kind of finding after the split:\n  ${show(after.filter((f) => f.code === code))}`);

  const original = parseConfig(input).model.jobs[jobIndex].span;
  const made = parseConfig(output).model.jobs.slice(jobIndex, jobIndex + count).map((j) => j.span);
  assert.equal(made.length, count, 'the new jobs are in the output');
  const inOriginal = before.filter((f) => within(f, original));
  const inMade = made.map((span) => after.filter((f) => within(f, span)));

  const allowed = countCodes(inOriginal.filter((f) => !isSelectorFinding(f)));
  inMade.forEach((fs, n) => {
    for (const [code, k] of countCodes(fs.filter((f) => !isSelectorFinding(f)))) {
      assert.ok(k <= (allowed.get(code) ?? 0), `new job #${n + 1} has ${k} ${code} finding(s), the original job ${allowed.get(code) ?? 0}:\n  ${show(fs.filter((f) => f.code === code))}`);
    }
  });
  const allowedSel = countCodes(inOriginal.filter(isSelectorFinding));
  const selectorFindings = inMade.flat().filter(isSelectorFinding);
  for (const [code, k] of countCodes(selectorFindings)) {
    assert.ok(k <= (allowedSel.get(code) ?? 0), `the new jobs have ${k} ${code} finding(s) on selectors, the original job ${allowedSel.get(code) ?? 0}:\n  ${show(selectorFindings.filter((f) => f.code === code))}`);
  }
  const outsideBefore = countCodes(before.filter((f) => !within(f, original)));
  const outsideAfter = after.filter((f) => !made.some((span) => within(f, span)));
  for (const [code, k] of countCodes(outsideAfter)) {
    assert.ok(k <= (outsideBefore.get(code) ?? 0), `${k} ${code} finding(s) outside the new jobs, ${outsideBefore.get(code) ?? 0} before:\n  ${show(outsideAfter.filter((f) => f.code === code))}`);
  }
}
