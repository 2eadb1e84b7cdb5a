/**
 * checkOnce (the CLI's check, which parses, checks and lets go of one job at a time) against the reference: the
 * findings and line index of runRules(parseConfig(text)), on generated configs, the real-world corpus, the test
 * fixtures and random edits of them. Seeded: PROMFED_SEED=<n> replays a failure.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { generateConfig } from '../../bench/generate';
import { checkOnce, parseConfig, runRules } from '../../server/src/service';
import { RULES, type Rule } from '../../server/src/service/rules';
import { sanitizeSettings, type Settings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';
import { corpusFiles, REPO } from './corpusFiles';

const SEED = process.env.PROMFED_SEED ? Number(process.env.PROMFED_SEED) : Date.now() % 1_000_000;
const SETTINGS: readonly Settings[] = [sanitizeSettings({ prometheusVersion: '3' }), sanitizeSettings({ prometheusVersion: '2' })];

function show(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.code, f.start, f.end, f.message, f.related ?? [], f.data ?? {}, f.tags ?? []]));
}

/** Asserts checkOnce(text) equals the reference check; returns whether it went job by job. */
function assertSame(text: string, settings: Settings, what: string): boolean {
  const strict = (m: string) => {
    throw new Error(`${what}: ${m}`);
  };
  const once = checkOnce(text, settings, strict);
  const parsed = parseConfig(text);
  assert.deepEqual(show(once.findings), show(runRules(parsed, settings, strict)), `findings differ for ${what}:\n${text.slice(0, 4000)}`);
  const lines = parsed.model.document.lines;
  assert.equal(once.lines.lineCount, lines.lineCount, `line count differs for ${what}`);
  for (let l = 0; l < lines.lineCount; l++) assert.equal(once.lines.lineStart(l), lines.lineStart(l), `line ${l} of ${what}`);
  return once.byJob;
}

function fixtureFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) out.push({ name: path.relative(REPO, full), text: fs.readFileSync(full, 'utf8') });
    }
  };
  walk(path.join(REPO, 'test', 'fixtures'));
  walk(path.join(REPO, 'examples'));
  return out;
}

/** Edits that keep most versions plain YAML and some that break it or add what only a whole parse handles. */
const INSERTS = [
  'x', '1', ' ', '\n', '- ', ':', '#', ' # note', "'", '"', '[', '{', '&a ', '*a', '\t', '---\n', '|', '\r\n',
  '\n  - job_name: added\n    metrics_path: /federate\n',
  '\n  -\n',
  '\n  - just-a-string\n',
  '\n    bearer_token: t0ken-value\n    bearer_token_file: /f',
  '\n    basic_auth:\n      username: u\n      password: hunter22',
  "\n    params:\n      'match[]': ['{job=\"a\"}', 'up{', '{__name__=~\"job:.*\"}']",
  '\n    proxy_url: http://user:pr0xy-pass@proxy:3128/?access_token=t0ken-abc',
  "\n    static_configs:\n      - targets: ['http://h:9090/x', 'prometheus-payments-0.payments.svc:9090']",
  '\nglobal:\n  scrape_interval: 5m\n  scrape_timeout: 2m\n',
  '\nscrape_configs:\n',
];

/** Mostly typing (which keeps most versions plain YAML), sometimes structure. */
const editArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.constantFrom(0, 1), insert: fc.constantFrom('x', '1', 'a', '') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(200)),
      insert: fc.oneof(fc.constantFrom(...INSERTS), fc.string({ maxLength: 3 })),
    }),
  },
);

function apply(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

describe('checkOnce: the one-job-at-a-time check equals the reference', function () {
  this.timeout(300_000);

  it('on generated configs, job by job, under both Prometheus versions', () => {
    for (const jobs of [2, 10, 100, 400]) {
      const text = generateConfig(jobs);
      for (const settings of SETTINGS) assert.ok(assertSame(text, settings, `${jobs} generated jobs`), `${jobs} generated jobs were not checked job by job`);
    }
  });

  it('on generated configs and corpus files with CRLF line ends (generated ones job by job)', () => {
    const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
    for (const jobs of [2, 10, 100]) {
      for (const settings of SETTINGS) assert.ok(assertSame(crlf(generateConfig(jobs)), settings, `${jobs} generated jobs, CRLF`), `${jobs} generated jobs with CRLF were not checked job by job`);
    }
    for (const f of corpusFiles()) assertSame(crlf(f.text), SETTINGS[0], `${f.name}, CRLF`);
  });

  it('on every corpus file and test fixture (the corpus mostly job by job)', () => {
    let byJob = 0;
    const corpus = corpusFiles();
    for (const f of corpus) for (const settings of SETTINGS) if (assertSame(f.text, settings, f.name)) byJob++;
    // The job-by-job path must be the one under test, not only the fallback: 23 of the 40 files take it (a
    // config with one job, or with anchors, is parsed whole).
    assert.ok(byJob / SETTINGS.length >= 20, `only ${byJob / SETTINGS.length} of ${corpus.length} corpus files went job by job`);
    for (const f of fixtureFiles()) for (const settings of SETTINGS) assertSame(f.text, settings, f.name);
  });

  it('falls back to the whole parse when a job cannot be parsed alone, with the same findings', () => {
    const text = generateConfig(10).replace('  - job_name: federate-search-1\n', '  - job_name: federate-search-1\n    labels: &shared {a: b}\n');
    assert.equal(assertSame(text, SETTINGS[0], 'an anchor in a job'), false);
    assert.equal(assertSame('scrape_configs:\n  - job_name: a\n\tscrape_interval: 1m\n', SETTINGS[0], 'a rejected tab'), false);
  });

  it('checks a job with a syntax error of its own together with the next job, with the same findings', () => {
    const base = generateConfig(20);
    const lastJob = base.lastIndexOf('- job_name:');
    // A job in the middle, the job before the last one, the last one (parsed with the head).
    for (const job of [base.indexOf('- job_name:', base.length >> 1), base.lastIndexOf('- job_name:', lastJob - 1), lastJob]) {
      const at = base.indexOf('\n', job) + 1;
      for (const line of ['    scrape_timeout: "2\n', '    new_key\n', '    a: b: c\n', '    labels: [a, b\n']) {
        const text = base.slice(0, at) + line + base.slice(at);
        assert.equal(assertSame(text, SETTINGS[0], JSON.stringify(line)), true, `${JSON.stringify(line)} at ${at}: checked job by job`);
        assert.ok(checkOnce(text, SETTINGS[1]).findings.some((f) => f.code === 'yaml-syntax'), 'the syntax error is reported');
      }
    }
  });

  it(`after random edits of generated and corpus configs (seed ${SEED})`, () => {
    // Texts that go job by job as they are; an edit may keep them so or not.
    const bases = [generateConfig(30), ...corpusFiles().map((f) => f.text)].filter((t) => checkOnce(t, SETTINGS[0]).byJob);
    let byJob = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(editArb, { minLength: 1, maxLength: 4 }), fc.nat(1), (base, edits, v) => {
        const text = edits.reduce(apply, bases[base]);
        runs++;
        if (assertSame(text, SETTINGS[v], `base ${base} after ${JSON.stringify(edits)}`)) byJob++;
      }),
      { seed: SEED, numRuns: 300 },
    );
    // Most edited versions still go job by job; the rest exercise the fallback.
    assert.ok(byJob > runs / 4, `${byJob} of ${runs} edited versions went job by job`);
  });
});

describe('checkOnce: a checked job can be collected before the check ends', function () {
  this.timeout(120_000);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  /** The heap in use, after a full collection, when `check` comes to job `at` (the schema rule notes it). */
  function heapAt(check: () => void, at: number): number {
    const schema = RULES.find((r) => r.meta.some((m) => m.code === 'unknown-key'))! as { checkJob?: Rule['checkJob'] };
    const original = schema.checkJob!;
    let used = -1;
    schema.checkJob = (job, ctx) => {
      if (job.index === at) {
        gc();
        used = getHeapStatistics().used_heap_size;
      }
      return original.call(schema, job, ctx);
    };
    try {
      check();
    } finally {
      schema.checkJob = original;
    }
    assert.ok(used >= 0, 'the check never came to the job');
    return used;
  }

  it('keeps no job it has checked, where the whole parse keeps them all', () => {
    const text = generateConfig(2_000);
    const settings = SETTINGS[0];
    gc();
    const base = getHeapStatistics().used_heap_size;
    const whole = heapAt(() => runRules(parseConfig(text), settings), 1_900) - base;
    const once = heapAt(() => checkOnce(text, settings), 1_900) - base;
    // The whole parse holds 1 900 jobs' nodes there (~25 MB); checkOnce only their findings and facts.
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    assert.ok(whole > 10 * 2 ** 20 && once < whole / 2, `heap kept at job 1 900: ${mib(whole)} by the whole parse, ${mib(once)} by checkOnce`);
  });
});
