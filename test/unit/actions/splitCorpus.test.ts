/**
 * The split on every federation job with 2+ selectors of the real-world corpus (read in place, never copied):
 * promtool accepts the output whenever it accepted the input, and the split invariants hold.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../../../server/src/service';
import { createActionContext, groupSelectors, splitJobEdits, splitSource } from '../../../server/src/service/actions';
import { applyEdits } from '../../../server/src/service/repair';
import { promtoolCheck, SETTINGS } from './actionHelpers';
import { corpusDir } from '../helpers';
import { assertSplit, assertSplitFindings } from './splitInvariants';


interface Case {
  readonly file: string;
  readonly text: string;
  readonly jobIndex: number;
  readonly selectors: number;
}

function cases(): Case[] {
  const dir = corpusDir();
  assert.ok(fs.existsSync(dir), `the corpus is missing at ${dir}`);
  const out: Case[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const parsed = parseConfig(text);
    const ctx = createActionContext(parsed, SETTINGS);
    for (const job of parsed.model.jobs) {
      if (job.isFederation && job.selectors.length >= 2) {
        const src = splitSource(ctx, job);
        assert.ok(src, `${file}: job ${job.name} has ${job.selectors.length} selectors but cannot be split`);
        out.push({ file, text, jobIndex: job.index, selectors: job.selectors.length });
      }
    }
  }
  return out;
}

function split(c: Case, k: number): { output: string; groups: number[][] } {
  const parsed = parseConfig(c.text);
  const ctx = createActionContext(parsed, SETTINGS);
  const groups = groupSelectors(c.selectors, k);
  const edits = splitJobEdits(ctx, parsed.model.jobs[c.jobIndex], groups);
  assert.ok(Array.isArray(edits), String(edits));
  return { output: applyEdits(c.text, [...edits].sort((a, b) => a.start - b.start)), groups };
}

describe('split on the real-world corpus', function () {
  const all = cases();
  let promtoolChecked = 0;

  it('finds federation jobs to split', () => {
    assert.ok(all.length >= 10, `only ${all.length} federation jobs with 2+ selectors found`);
  });

  for (const c of all) {
    for (const k of c.selectors >= 3 ? [c.selectors, 2] : [c.selectors]) {
      it(`${c.file} job #${c.jobIndex}: into ${k} jobs`, () => {
        const { output, groups } = split(c, k);
        assertSplit(c.text, output, c.jobIndex, groups);
        assertSplitFindings(c.text, output, c.jobIndex, groups.length);
        const before = promtoolCheck(c.text);
        if (!before.ok) return; // promtool 2.42 rejects the input already (SD plugins missing in Debian's build)
        promtoolChecked++;
        const after = promtoolCheck(output);
        assert.ok(after.ok, `promtool rejects the split:\n${after.output}\n----\n${output}`);
      });
    }
  }

  it('checked most splits with promtool', () => {
    assert.ok(promtoolChecked >= all.length, `promtool accepted only ${promtoolChecked} inputs`);
  });
});
