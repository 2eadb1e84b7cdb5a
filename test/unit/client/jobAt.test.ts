import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jobAtLine, listJobs } from '../../../client/src/jobAt';
import { parseConfig } from '../../../server/src/service';

/** `^` marks the cursor's line. */
function check(source: string, expected: { jobIndex: number; jobName?: string } | undefined): void {
  const lines = source.split('\n');
  const line = lines.findIndex((l) => l.includes('^'));
  assert.ok(line >= 0, 'test text has a ^ marker');
  const text = lines.map((l) => l.replace('^', '')).join('\n');
  const found = jobAtLine(text, line);
  assert.deepEqual(found && { jobIndex: found.jobIndex, jobName: found.jobName }, expected && { jobName: undefined, ...expected });
}

describe('jobAtLine', () => {
  const rows: { title: string; text: string; expected: { jobIndex: number; jobName?: string } | undefined }[] = [
    { title: 'on the dash line', text: 'scrape_configs:\n  - job_name: a^\n  - job_name: b\n', expected: { jobIndex: 0, jobName: 'a' } },
    { title: 'inside the second job', text: 'scrape_configs:\n  - job_name: a\n  - job_name: b\n    params:\n      match[]: [x]^\n', expected: { jobIndex: 1, jobName: 'b' } },
    { title: 'items at column 0', text: 'scrape_configs:\n- job_name: a\n- job_name: "b"\n  honor_labels: true^\n', expected: { jobIndex: 1, jobName: 'b' } },
    { title: 'nested lists are not jobs', text: 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]^\n  - job_name: b\n', expected: { jobIndex: 0, jobName: 'a' } },
    { title: 'job_name not first', text: 'scrape_configs:\n  - honor_labels: true^\n    job_name: late\n', expected: { jobIndex: 0, jobName: 'late' } },
    { title: 'tab-indented line stays in its job', text: 'scrape_configs:\n  - job_name: a\n\tscrape_interval: 1s^\n  - job_name: b\n', expected: { jobIndex: 0, jobName: 'a' } },
    { title: 'before scrape_configs', text: 'global:\n  scrape_interval: 1s^\nscrape_configs:\n  - job_name: a\n', expected: undefined },
    { title: 'top-level key after the list', text: 'scrape_configs:\n  - job_name: a\nrule_files:\n  - x.yml^\n', expected: undefined },
    { title: 'outdented item after the list', text: 'scrape_configs:\n  - job_name: a\n- job_name: b^\n', expected: undefined },
    { title: 'no scrape_configs', text: 'foo:\n  - job_name: a^\n', expected: undefined },
  ];
  for (const row of rows) it(row.title, () => check(row.text, row.expected));

  it('agrees with the server model on the example config', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'federation.yml'), 'utf8');
    const jobs = parseConfig(text).model.jobs;
    assert.deepEqual(listJobs(text).map((j) => j.jobName), jobs.map((j) => j.name));
    for (const job of jobs) {
      for (const offset of [job.span.start, job.span.end - 1]) {
        const line = text.slice(0, offset).split('\n').length - 1;
        assert.equal(jobAtLine(text, line)?.jobIndex, job.index, `line ${line + 1} belongs to job ${job.index}`);
      }
    }
  });
});
