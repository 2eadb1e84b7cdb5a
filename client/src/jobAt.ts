/**
 * Finds which item of the top-level `scrape_configs` list holds a given line, from the text alone: the
 * commands need a job index while the server owns the parsed model. Block-style lists only, which is what
 * prometheus.yml files use; anything else answers undefined and the command says so.
 */

const TOP_LEVEL_KEY = /^[^\s#-][^:#]*:/;
const BLANK_OR_COMMENT = /^\s*(#.*)?$/;

export interface JobLines {
  /** Index in `scrape_configs`, as the server's `promfed.splitJob` / `promfed.previewJob` expect. */
  readonly jobIndex: number;
  /** The job's `job_name`, when written in plain form. */
  readonly jobName?: string;
  /** First and last non-blank line of the job (0-based). */
  readonly startLine: number;
  readonly endLine: number;
}

/** Every job of the top-level `scrape_configs` list, in order. */
export function listJobs(text: string): JobLines[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^scrape_configs[ \t]*:[ \t]*(#.*)?$/.test(l));
  if (start < 0) return [];
  const jobs: { jobIndex: number; jobName?: string; startLine: number; endLine: number }[] = [];
  let itemIndent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (TOP_LEVEL_KEY.test(line)) break;
    if (BLANK_OR_COMMENT.test(line)) continue;
    // A tab counts wide: a tab-indented line (an error promfed reports) still belongs to its job.
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '        ').length;
    if (itemIndent !== undefined && indent < itemIndent) break;
    const item = /^([ ]*)-(?:[ \t]|$)/.exec(line);
    if (item && (itemIndent === undefined || item[1].length === itemIndent)) {
      itemIndent = item[1].length;
      jobs.push({ jobIndex: jobs.length, startLine: i, endLine: i });
    }
    const job = jobs[jobs.length - 1];
    if (!job) continue;
    job.endLine = i;
    const name = /^[ \t]*(?:-[ \t]+)?job_name[ \t]*:[ \t]*['"]?([^'"#\s]+)/.exec(line);
    if (name && job.jobName === undefined) job.jobName = name[1];
  }
  return jobs;
}

/** The job whose lines include `line` (0-based), or undefined when the line is outside every job. */
export function jobAtLine(text: string, line: number): JobLines | undefined {
  return listJobs(text).find((j) => line >= j.startLine && line <= j.endLine);
}
