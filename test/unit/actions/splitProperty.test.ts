/**
 * Property: splitting any generated federation job (random key order, comments, quoting, indentation 2/4,
 * block or flow lists, items at column 0 or indented, LF or CRLF) keeps every invariant of splitInvariants.ts.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseConfig } from '../../../server/src/service';
import { ALL_SELECTORS_OVERLAP } from '../../../server/src/service/actions/splitJob';
import { codeActions, createActionContext, groupSelectors, selectorUnits, splitJobCommand, splitJobEdits, splitPerSelector, splitSource } from '../../../server/src/service/actions';
import { applyEdits } from '../../../server/src/service/repair';
import { promtoolCheck, SETTINGS, URI } from './actionHelpers';
import { assertSplit, assertSplitFindings } from './splitInvariants';

// `{__name__=~".+"}` overlaps every other selector, ALERTS overlaps ALERTS{...}: the split must keep those together.
const POOL = ['up', '{job="node"}', '{__name__=~"job:.*"}', '{job="istio/istio-mesh"}', '{__name__=~".+"}', 'ALERTS{alertstate="firing"}', '{__name__=~"^node_.+"}', "{job='a b'}", 'scrape_duration_seconds', 'ALERTS'];
const OTHER_NAMES = ['node', 'federate-up', 'federate-node', 'fed-2', 'federate-job-rules'];
const ENTRIES = ['metrics_path', 'honor', 'interval', 'params', 'static', 'comment', 'tls'] as const;

type Quote = 'single' | 'double' | 'plain';

function quote(value: string, how: Quote, inFlow: boolean): string {
  if (how === 'plain' && /^[A-Za-z_][A-Za-z0-9_ ]*(?:\{[^}]*\})?$/.test(value) && !/^\{/.test(value) && (!inFlow || !/[{}[\],]/.test(value))) return value;
  if (how === 'double') return JSON.stringify(value);
  return `'${value.replace(/'/g, "''")}'`;
}

export const arbConfig = fc.record({
  unit: fc.constantFrom(2, 4),
  listIndented: fc.boolean(),
  dashGap: fc.constantFrom(1, 3),
  eol: fc.constantFrom('\n', '\r\n'),
  blankBetween: fc.boolean(),
  order: fc.shuffledSubarray([...ENTRIES], { minLength: ENTRIES.length }),
  namePos: fc.nat({ max: ENTRIES.length }),
  name: fc.constantFrom('fed', 'federate', "it's fed", 'fed-1'),
  nameQuote: fc.constantFrom<Quote>('single', 'double', 'plain'),
  honor: fc.constantFrom('absent', 'true', 'false'),
  flow: fc.boolean(),
  extraParam: fc.boolean(),
  selectors: fc.uniqueArray(fc.constantFrom(...POOL), { minLength: 2, maxLength: 6 }),
  quotes: fc.array(fc.constantFrom<Quote>('single', 'double', 'plain'), { minLength: 6, maxLength: 6 }),
  trailing: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  leading: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  before: fc.uniqueArray(fc.constantFrom(...OTHER_NAMES), { maxLength: 2 }),
  after: fc.uniqueArray(fc.constantFrom(...OTHER_NAMES), { maxLength: 2 }),
});

type Config = typeof arbConfig extends fc.Arbitrary<infer T> ? T : never;

function otherJob(c: Config, name: string, p: string, k: string): string[] {
  return [`${p}-${' '.repeat(c.dashGap)}job_name: ${name}`, `${k}static_configs:`, `${k}${' '.repeat(c.unit)}- targets: ['${name}:9100']`];
}

/** The config text and the index of the federation job in it. */
export function render(c: Config): { text: string; jobIndex: number } {
  const u = ' '.repeat(c.unit);
  const p = c.listIndented ? u : '';
  const k = p + ' '.repeat(1 + c.dashGap);
  const before = c.before.filter((n) => !c.after.includes(n));
  const entries: string[][] = [];
  for (const e of c.order) {
    if (e === 'metrics_path') entries.push([`metrics_path: /federate`]);
    if (e === 'honor' && c.honor !== 'absent') entries.push([`honor_labels: ${c.honor}`]);
    if (e === 'interval') entries.push([`scrape_interval: 30s   # every half minute`]);
    if (e === 'static') entries.push([`static_configs:`, `${u}- targets: ['prom-a:9090', 'prom-b:9090']`, `${u}${u}# the regional servers`]);
    if (e === 'tls') entries.push([`tls_config:`, `${u}insecure_skip_verify: true`]);
    if (e === 'comment') entries.push([`# a note about this job`]);
    if (e === 'params') {
      const lines = ['params:'];
      if (c.flow) {
        lines.push(`${u}match[]: [${c.selectors.map((s, i) => quote(s, c.quotes[i], true)).join(', ')}]${c.trailing[0] ? '  # the list' : ''}`);
      } else {
        lines.push(`${u}match[]:`);
        c.selectors.forEach((s, i) => {
          if (c.leading[i]) lines.push(`${u}${u}# selector ${i}`);
          lines.push(`${u}${u}- ${quote(s, c.quotes[i], false)}${c.trailing[i] ? `   # trailing ${i}` : ''}`);
        });
      }
      if (c.extraParam) lines.push(`${u}format: ['text']`);
      entries.push(lines);
    }
  }
  entries.splice(Math.min(c.namePos, entries.length), 0, [`job_name: ${quote(c.name, c.nameQuote, false)}`]);
  // A comment cannot open the item: the item's first line holds a key.
  while (entries[0][0].startsWith('#')) entries.push(entries.shift()!);
  const job = entries.flatMap((lines, i) => lines.map((line, j) => (i === 0 && j === 0 ? `${p}-${' '.repeat(c.dashGap)}${line}` : `${k}${line}`)));
  const sep = c.blankBetween ? [''] : [];
  const jobs = [...before.map((n) => otherJob(c, n, p, k)), job, ...c.after.map((n) => otherJob(c, n, p, k))];
  const lines = ['global:', `${u}scrape_interval: 1m`, '', 'scrape_configs:', ...jobs.flatMap((j, i) => (i ? [...sep, ...j] : j))];
  return { text: lines.join(c.eol) + c.eol, jobIndex: before.length };
}

/** The job as the split sees it: its selectors that must stay together, and every way to ask for a split. */
function prepare(text: string, jobIndex: number) {
  const parsed = parseConfig(text);
  const ctx = createActionContext(parsed, SETTINGS);
  const job = parsed.model.jobs[jobIndex];
  const src = splitSource(ctx, job);
  assert.ok(src, `the job can be split:\n${text}`);
  return { parsed, ctx, job, units: selectorUnits(ctx, src!) };
}

function splitInto(text: string, jobIndex: number, groups: number[][]): string {
  const { ctx, job } = prepare(text, jobIndex);
  const edits = splitJobEdits(ctx, job, groups);
  assert.ok(Array.isArray(edits), String(edits));
  return applyEdits(text, [...edits].sort((a, b) => a.start - b.start || a.end - b.end));
}

/** When selectors overlap, the split refuses to cut them apart; when all do, it is not offered at all. */
function assertOverlapsKept(text: string, jobIndex: number): void {
  const { parsed, ctx, job, units } = prepare(text, jobIndex);
  const n = units.flat().length;
  if (units.some((u) => u.length > 1)) assert.equal(typeof splitJobEdits(ctx, job, Array.from({ length: n }, (_, i) => [i])), 'string', 'one job per selector cuts an overlap');
  if (units.length >= 2) return;
  assert.equal(splitPerSelector(ctx, job), ALL_SELECTORS_OVERLAP);
  const lines = parsed.model.document.lines;
  const at = lines.positionAt(job.span.start);
  assert.deepEqual(codeActions(parsed, URI, { start: at, end: at }, [], SETTINGS, { only: ['refactor'] }), [], 'no split offered');
  assert.deepEqual(splitJobCommand(parsed, { uri: URI, jobIndex }, SETTINGS), { error: ALL_SELECTORS_OVERLAP });
}

describe('split: property over generated jobs', () => {
  it('one job per selector keeps every invariant', () => {
    fc.assert(
      fc.property(arbConfig, (c) => {
        const { text, jobIndex } = render(c);
        assertOverlapsKept(text, jobIndex);
        const { units } = prepare(text, jobIndex);
        if (units.length < 2) return;
        const groups = units;
        const output = splitInto(text, jobIndex, groups);
        assertSplit(text, output, jobIndex, groups);
        assertSplitFindings(text, output, jobIndex, groups.length);
        if (c.eol === '\r\n') assert.ok(!/[^\r]\n/.test(output), 'CRLF stays CRLF');
      }),
      { numRuns: 300 },
    );
  });

  it('K balanced groups keep every invariant', () => {
    fc.assert(
      fc.property(arbConfig, fc.nat(), fc.option(fc.array(fc.nat({ max: 10_000 }), { minLength: 6, maxLength: 6 })), (c, kSeed, weights) => {
        const { text, jobIndex } = render(c);
        const { units } = prepare(text, jobIndex);
        if (units.length < 2) return;
        const k = 2 + (kSeed % (units.length - 1));
        const groups = groupSelectors(c.selectors.length, k, weights ?? undefined, units);
        assert.equal(groups.length, k);
        const output = splitInto(text, jobIndex, groups);
        assertSplit(text, output, jobIndex, groups);
        assertSplitFindings(text, output, jobIndex, groups.length);
      }),
      { numRuns: 200 },
    );
  });

  it('promtool accepts generated splits', () => {
    fc.assert(
      fc.property(arbConfig, (c) => {
        const { text, jobIndex } = render(c);
        const input = promtoolCheck(text);
        assert.ok(input.ok, `the generated config passes promtool:\n${input.output}\n${text}`);
        const { units } = prepare(text, jobIndex);
        if (units.length < 2) return;
        const output = splitInto(text, jobIndex, units);
        const result = promtoolCheck(output);
        assert.ok(result.ok, `promtool rejects the split:\n${result.output}\n${output}`);
      }),
      { numRuns: 25 },
    );
  });
});
