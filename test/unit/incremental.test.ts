/**
 * The incremental pipeline against the reference: random edit sequences are applied to generated configs and
 * to the real-world corpus, each version parsed with the previous one's parse (reusing unchanged jobs), and
 * after every edit the findings, the `yaml` tree and the jobs must equal a fresh parse of the whole text.
 * Seeded: a failure prints the seed and the shrunk edit sequence; PROMFED_SEED=<n> replays it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { generateConfig } from '../../bench/generate';
import { parseConfig, runRules, type ParsedConfig, type UnparsedConfig } from '../../server/src/service';
import { parseWholeDocument } from '../../server/src/service/document';
import { buildModel } from '../../server/src/service/model';
import { collectSecrets } from '../../server/src/service/redact';
import { sanitizeSettings } from '../../server/src/service/settings';
import type { Finding } from '../../server/src/service/types';
import { diffNodes } from './yamlCompare';
import { analyzeHover } from '../../server/src/service/hover';
import { pairAt } from '../../server/src/service/actions/yamlText';
import { codeActions } from '../../server/src/service/actions';

const REPO = path.resolve(__dirname, '..', '..', '..');
/** The shared corpus sits next to the checkout (or next to the worktrees' folder). */
const CORPUS = [path.resolve(REPO, '..', 'shared', 'corpus', 'real'), path.resolve(REPO, '..', '..', 'shared', 'corpus', 'real')].find((d) => fs.existsSync(d));

const SEED = process.env.PROMFED_SEED ? Number(process.env.PROMFED_SEED) : Date.now() % 1_000_000;

/** Text fragments that change YAML structure as well as values. */
const FRAGMENTS = [
  'x', '1', ' ', '  ', '\n', '\n\n', '- ', '-', ':', ': ', '#', ' # note', "'", '"', '[', ']', '{', '}', ', ', '&a ', '*a', '<<: *a',
  '\t', '---\n', '|', '>-', 'yes', '~', '\\', 'é', '\r\n',
  '\n  - job_name: added\n    metrics_path: /federate\n',
  '\n    scrape_interval: 10s\n    scrape_timeout: 30s',
  '\n    bearer_token: t\n    bearer_token_file: /f',
  '\n    basic_auth:\n      username: u\n      password: hunter22',
  "\n    params:\n      'match[]': ['{job=\"a\"}']\n      api_key: [k3y-s3cret]",
  "\n    proxy_url: http://user:pr0xy-pass@proxy:3128/?access_token=t0ken-abc",
  "\n    static_configs:\n      - targets: ['http://h:9090/x']",
  '\nglobal:\n  scrape_timeout: 2m\n',
  '\nscrape_configs:\n',
];

interface Edit {
  /** Where, as a fraction of the text's length. */
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/** Mostly typing (one character, which keeps most versions valid YAML), sometimes structure. */
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.oneof(fc.constant(0), fc.constant(1)), insert: fc.constantFrom('x', '1', 'a', '') }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.oneof(fc.constant(0), fc.nat(12), fc.nat(200)),
      insert: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 }), fc.constant('')),
    }),
  },
);

function apply(text: string, e: Edit): string {
  const at = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

function show(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify([f.code, f.start, f.end, f.message, f.related ?? [], f.data ?? {}, f.tags ?? []]));
}

/** Asserts that an incremental parse equals a whole-text parse of the same text, findings and all. */
function assertSameAsWhole(parsed: ParsedConfig, settings: ReturnType<typeof sanitizeSettings>): void {
  const text = parsed.model.document.text;
  const whole: ParsedConfig = { model: buildModel(parseWholeDocument(text)) };
  const strict = (m: string) => {
    throw new Error(m);
  };
  assert.deepEqual(show(runRules(parsed, settings, strict)), show(runRules(whole, settings, strict)), `findings differ for:\n${text}`);
  // The redactor's secrets, kept per job on the incremental path.
  assert.deepEqual([...collectSecrets(parsed.model)].sort(), [...collectSecrets(whole.model)].sort(), `secrets differ for:\n${text}`);
  const tree = diffNodes(parsed.model.document.yaml?.contents, whole.model.document.yaml?.contents);
  assert.equal(tree, undefined, `yaml trees differ (${tree}) for:\n${text}`);
  assert.deepEqual(parsed.model.document.yaml?.range, whole.model.document.yaml?.range);
  assert.deepEqual(
    parsed.model.jobs.map((j) => [j.index, j.name, j.span.start, j.span.end, j.isFederation, j.selectors.map((s) => [s.value, s.node.range])]),
    whole.model.jobs.map((j) => [j.index, j.name, j.span.start, j.span.end, j.isFederation, j.selectors.map((s) => [s.value, s.node.range])]),
  );
  // The line index built from the kept jobs' line starts.
  const lines = parsed.model.document.lines;
  const wholeLines = whole.model.document.lines;
  assert.equal(lines.lineCount, wholeLines.lineCount, 'line count');
  for (let l = 0; l < lines.lineCount; l++) assert.equal(lines.lineStart(l), wholeLines.lineStart(l), `start of line ${l}`);
}

function corpusTexts(): [string, string][] {
  if (!CORPUS) return [];
  return fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => [f, fs.readFileSync(path.join(CORPUS, f), 'utf8')]);
}

describe('incremental parse equals a full re-check', function () {
  this.timeout(120_000);
  const bases: [string, string][] = [
    ['generated 6 jobs', generateConfig(6, 1)],
    ['generated 20 jobs', generateConfig(20, 7)],
    ...corpusTexts(),
  ];

  before(() => {
    // Printed so a CI failure can be replayed exactly.
    console.log(`      incremental test seed: ${SEED} (replay with PROMFED_SEED=${SEED})`);
  });

  it('has the real-world corpus', () => {
    assert.ok(CORPUS, 'shared/corpus/real not found next to the checkout');
    assert.ok(bases.length >= 30);
  });

  for (const lineBreak of ['\n', '\r\n']) {
    it(`parses generated configs job by job, the fast path taking every job, ${lineBreak === '\n' ? 'LF' : 'CRLF'}`, () => {
      const parsed = parseConfig(generateConfig(60).replace(/\n/g, lineBreak));
      const chunks = parsed.model.document.jobChunks;
      assert.ok(chunks, 'expected a job-by-job parse');
      assert.equal(chunks.slots.length, 60);
      // The fast path builds no source token for a collection; the `yaml` package does.
      const slow = chunks.slots.slice(0, -1).filter((s) => (s.node as { srcToken?: unknown }).srcToken !== undefined);
      assert.equal(slow.length, 0, 'every job but the last should take the fast path');
      assert.equal(parsed.model.jobs.length, 60);
      assertSameAsWhole(parsed, sanitizeSettings({}));
    });
  }

  it('re-parses only the edited job and keeps the others (moved, not re-parsed)', () => {
    const text = generateConfig(50);
    const first = parseConfig(text);
    const before = first.model.document.jobChunks!.slots.slice();
    const at = text.indexOf('job_name: ', text.indexOf('- job_name:', Math.floor(text.length / 2))) + 'job_name: '.length;
    const edited = parseConfig(text.slice(0, at) + 'z' + text.slice(at), first);
    const after = edited.model.document.jobChunks!.slots;
    const changed = after.filter((s, i) => s !== before[i]);
    assert.equal(changed.length, 1, 'exactly one job re-parsed');
    assert.equal(edited.model.document.jobChunks!.layoutFrom, 'edit', 'the job list found around the edit');
    assertSameAsWhole(edited, sanitizeSettings({}));
  });

  it('finds kept jobs by position after an edit of the head, and by their text after an edit of the list\'s key, indexing them only then', () => {
    const text = generateConfig(40) + 'remote_write:\n  - url: http://r:9090/api/v1/write\n';
    const first = parseConfig(text);
    const state = first.model.document.jobChunks!.state;
    const before = first.model.document.jobChunks!.slots.slice(0, -1);
    assert.equal(state.byText, undefined, 'a first parse indexes nothing by text');
    // An edit inside a job finds the list around the edit, by position: still no index.
    const at = text.indexOf('job_name: ', text.length >> 1) + 'job_name: '.length;
    const edited = parseConfig(text.slice(0, at) + 'q' + text.slice(at), first);
    assert.equal(edited.model.document.jobChunks!.layoutFrom, 'edit');
    assert.equal(state.byText, undefined);
    // An edit of the head before the `scrape_configs:` line or after the list moves the jobs by position too.
    const kept = edited.model.document.jobChunks!.slots.slice(0, -1);
    let next = parseConfig('rule_files: []\n' + edited.model.document.text, edited);
    assert.equal(next.model.document.jobChunks!.layoutFrom, 'edit');
    next = parseConfig(next.model.document.text.replace('\nrule_files:\n', '\nrule_files:\n  - /etc/prometheus/extra.yml\n'), next);
    assert.equal(next.model.document.jobChunks!.layoutFrom, 'edit');
    next = parseConfig(next.model.document.text.replace('http://r:9090/', 'http://remote:9090/'), next);
    assert.equal(next.model.document.jobChunks!.layoutFrom, 'edit');
    assert.equal(state.byText, undefined);
    assertSameAsWhole(next, sanitizeSettings({}));
    // An edit of the `scrape_configs:` line reads the whole list again: every unchanged job is found by its text.
    const head = parseConfig(next.model.document.text.replace('\nscrape_configs:\n', '\nscrape_configs: # the jobs\n'), next);
    const chunks = head.model.document.jobChunks!;
    assert.equal(chunks.layoutFrom, 'text');
    assert.ok(state.byText === undefined, 'the index is dropped for the next version');
    assert.deepEqual(chunks.slots.slice(0, -1).map((s, i) => s === kept[i]), kept.map(() => true));
    assert.equal(kept.filter((s, i) => s !== before[i]).length, 1, 'the edited job was parsed again');
    assertSameAsWhole(head, sanitizeSettings({}));
  });

  it('keeps per-job findings across edits of other jobs and moves them', () => {
    let text = generateConfig(20).replace('scrape_timeout: 25s', 'scrape_timeout: 2m');
    let parsed = parseConfig(text);
    const settings = sanitizeSettings({});
    const first = runRules(parsed, settings).filter((f) => f.code === 'timeout-exceeds-interval');
    assert.equal(first.length, 1);
    text = 'rule_files: []\n' + text;
    parsed = parseConfig(text, parsed);
    const moved = runRules(parsed, settings).filter((f) => f.code === 'timeout-exceeds-interval');
    assert.deepEqual(moved.map((f) => f.start), [first[0].start + 'rule_files: []\n'.length]);
    assertSameAsWhole(parsed, settings);
  });

  it('keeps per-job findings across edits of the head that leave the global times as they were', () => {
    const settings = sanitizeSettings({});
    // Job 5 inherits the global scrape_interval (30s) and sets a longer timeout: its finding points at the global value.
    const jobs = generateConfig(20).split('\n  - job_name: ');
    jobs[6] = jobs[6].replace('    scrape_interval: 1m\n', '').replace('scrape_timeout: 25s', 'scrape_timeout: 2m');
    let text = jobs.join('\n  - job_name: ');
    let parsed = parseConfig(text);
    const timeoutFindings = () => runRules(parsed, settings).filter((f) => f.code === 'timeout-exceeds-interval');
    const globalValue = () => parsed.model.document.text.indexOf('30s', parsed.model.document.text.indexOf('scrape_interval'));
    const [first] = timeoutFindings();
    assert.equal(first.related?.[0].start, globalValue());
    /** For each job (but the last, parsed with the head), whether its findings were made again by this version. */
    const rerun = (edit: (text: string) => string): boolean[] => {
      const before = parsed.model.document.jobChunks!.slots.map((s) => s.findings);
      text = edit(text);
      parsed = parseConfig(text, parsed);
      const found = timeoutFindings();
      assert.equal(found.length, 1);
      assertSameAsWhole(parsed, settings);
      return parsed.model.document.jobChunks!.slots.slice(0, -1).map((s, i) => s.findings !== before[i]);
    };
    const only = (i: number) => Array.from({ length: 19 }, (_, k) => k === i);
    // A line above the global times moves their values: only the job whose finding points at one is checked again.
    assert.deepEqual(rerun((t) => '# the global Prometheus\n' + t), only(5));
    assert.equal(timeoutFindings()[0].related?.[0].start, globalValue());
    // Lines after them (external_labels, rule_files) move nothing any job reads: every job keeps its findings.
    assert.deepEqual(rerun((t) => t.replace('    role: global\n', '    role: global\n    zone: a\n')), only(-1));
    assert.deepEqual(rerun((t) => t.replace('rule_files:\n', 'rule_files:\n  - /etc/prometheus/more/*.yml\n')), only(-1));
    // A new global interval changes what every job inherits: every job is checked again.
    assert.deepEqual(rerun((t) => t.replace('scrape_interval: 30s', 'scrape_interval: 45s')), only(-1).map(() => true));
    assert.match(timeoutFindings()[0].message, /global scrape_interval 45s/);
  });

  it('keeps each job\'s secrets with the job and re-reads only the edited one', () => {
    const base = generateConfig(30).replace('    follow_redirects: false\n', '    follow_redirects: false\n    basic_auth:\n      password: first-pass\n');
    let parsed = parseConfig(base);
    const slots = parsed.model.document.jobChunks!.slots;
    assert.ok(collectSecrets(parsed.model).includes('first-pass'));
    const holder = slots.find((s) => s.text.includes('first-pass'))!;
    assert.deepEqual(holder.secrets, ['first-pass']);
    // An edit elsewhere keeps the slot and its secrets; an edit of the password replaces them.
    const other = base.lastIndexOf('job_name: ') + 'job_name: '.length;
    parsed = parseConfig(base.slice(0, other) + 'y' + base.slice(other), parsed);
    assert.ok(parsed.model.document.jobChunks!.slots.includes(holder));
    assert.ok(collectSecrets(parsed.model).includes('first-pass'));
    const edited = parsed.model.document.text.replace('first-pass', 'second-pass');
    parsed = parseConfig(edited, parsed);
    assert.deepEqual(collectSecrets(parsed.model).filter((s) => s.endsWith('-pass')), ['second-pass']);
    assertSameAsWhole(parsed, sanitizeSettings({}));
  });

  for (const lineBreak of ['\n', '\r\n']) {
    const ends = lineBreak === '\n' ? 'LF' : 'CRLF';
    it(`matches a whole-text parse after edit sequences inside the job list (the job list found around the edit), ${ends}`, () => {
      const base = generateConfig(24, 11).replace(/\n/g, lineBreak);
      const listStart = base.indexOf('scrape_configs:') / base.length;
      const lines = (s: string) => s.replace(/\n/g, lineBreak);
      // Typing, whole lines or jobs added and removed, and lines joined (which leaves a CRLF's CR alone):
      // edits that mostly keep the YAML valid.
      const lineEdit = fc.oneof(
        { weight: 5, arbitrary: fc.record({ insert: fc.constantFrom('x', '1', 'a', ' ', ''), remove: fc.constantFrom(0, 1), line: fc.constant(false), join: fc.constant(false) }) },
        {
          weight: 3,
          arbitrary: fc.record({
            insert: fc.constantFrom('', '\n', '    # note\n', '  - job_name: added\n    metrics_path: /federate\n', '    sample_limit: 5\n', '  # between jobs\n', '- job_name: outdented\n').map(lines),
            // Lines removed whole (0: none).
            remove: fc.constantFrom(0, 0, 1, 1, 2, 30),
            line: fc.constant(true),
            join: fc.constant(false),
          }),
        },
        { weight: 1, arbitrary: fc.record({ insert: fc.constant(''), remove: fc.constant(1), line: fc.constant(false), join: fc.constant(true) }) },
      );
      const edits = fc.array(fc.tuple(fc.double({ min: listStart, max: 1, noNaN: true }), lineEdit), { minLength: 1, maxLength: 8 });
      let byJob = 0;
      let aroundEdit = 0;
      fc.assert(
        fc.property(edits, (list) => {
          let text = base;
          let parsed = parseConfig(text);
          for (const [where, e] of list) {
            let at = Math.min(text.length, Math.floor(where * text.length));
            let end = Math.min(text.length, at + e.remove);
            if (e.line) {
              at = text.lastIndexOf('\n', at - 1) + 1;
              end = at;
              for (let k = 0; k < e.remove && end < text.length; k++) end = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end) + 1;
            } else if (e.join) {
              at = text.indexOf('\n', at);
              if (at < 0) at = text.length;
              end = Math.min(text.length, at + 1);
            }
            text = text.slice(0, at) + e.insert + text.slice(end);
            parsed = parseConfig(text, parsed);
            if (parsed.model.document.jobChunks) byJob++;
            if (parsed.model.document.jobChunks?.layoutFrom === 'edit') aroundEdit++;
            assertSameAsWhole(parsed, sanitizeSettings({}));
          }
        }),
        { seed: SEED, numRuns: 90, endOnFailure: false },
      );
      console.log(`      ${aroundEdit} of ${byJob} job-by-job versions found the job list around the edit`);
      assert.ok(byJob >= 100 && aroundEdit >= byJob * 0.8, `only ${aroundEdit} of ${byJob}`);
    });
  }

  it(`matches a whole-text parse after every edit of 200 random edit sequences`, () => {
    const settingsFor = [sanitizeSettings({}), sanitizeSettings({ prometheusVersion: '2' })];
    let versions = 0;
    let byJob = 0;
    let aroundEdit = 0;
    fc.assert(
      fc.property(fc.oneof(fc.nat(1), fc.nat(bases.length - 1)), fc.array(fc.tuple(editArb, fc.nat(1)), { minLength: 1, maxLength: 6 }), (base, edits) => {
        let text = bases[base][1];
        let parsed = parseConfig(text);
        assertSameAsWhole(parsed, settingsFor[0]);
        for (const [edit, s] of edits) {
          text = apply(text, edit);
          parsed = parseConfig(text, parsed);
          versions++;
          if (parsed.model.document.jobChunks) byJob++;
          if (parsed.model.document.jobChunks?.layoutFrom === 'edit') aroundEdit++;
          assertSameAsWhole(parsed, settingsFor[s]);
        }
      }),
      { seed: SEED, numRuns: 200, endOnFailure: false },
    );
    // The property says little unless most edited versions take the job-by-job path.
    console.log(`      ${byJob} of ${versions} edited versions parsed job by job, ${aroundEdit} of them with the job list found around the edit`);
    assert.ok(aroundEdit >= byJob * 0.1, `only ${aroundEdit} of ${byJob} job-by-job versions found the job list around the edit`);
    assert.ok(byJob >= versions * 0.3, `only ${byJob} of ${versions} edited versions were parsed job by job`);
  });

  it('matches a whole-text parse after random edit sequences of configs with CRLF line ends, mostly job by job', () => {
    const settings = sanitizeSettings({});
    const crlf = bases.map(([name, text]) => [name, text.replace(/\r?\n/g, '\r\n')] as const);
    let versions = 0;
    let byJob = 0;
    fc.assert(
      fc.property(fc.oneof(fc.nat(1), fc.nat(crlf.length - 1)), fc.array(editArb, { minLength: 1, maxLength: 6 }), (base, edits) => {
        let text = crlf[base][1];
        let parsed = parseConfig(text);
        assertSameAsWhole(parsed, settings);
        for (const edit of edits) {
          text = apply(text, edit);
          parsed = parseConfig(text, parsed);
          versions++;
          if (parsed.model.document.jobChunks) byJob++;
          assertSameAsWhole(parsed, settings);
        }
      }),
      { seed: SEED, numRuns: 150, endOnFailure: false },
    );
    console.log(`      ${byJob} of ${versions} edited CRLF versions parsed job by job`);
    assert.ok(byJob >= versions * 0.3, `only ${byJob} of ${versions} edited CRLF versions were parsed job by job`);
  });

  it('leaves a version it would parse whole unparsed when told to, and parses the next one from it as from a parse', () => {
    const settings = sanitizeSettings({});
    let refused = 0;
    let skipped = 0;
    fc.assert(
      fc.property(fc.oneof(fc.nat(1), fc.nat(bases.length - 1)), fc.array(fc.tuple(editArb, fc.boolean()), { minLength: 1, maxLength: 8 }), (base, edits) => {
        let text = bases[base][1];
        let previous: ParsedConfig | UnparsedConfig = parseConfig(text);
        for (const [edit, skip] of edits) {
          text = apply(text, edit);
          const result: ParsedConfig | UnparsedConfig = parseConfig(text, previous, { allowWhole: false });
          if ('model' in result) {
            // Parsed: job by job, or stopped by the input guard before any parse.
            assert.ok(result.model.document.jobChunks || result.model.document.yaml === null, `parsed whole although told not to:\n${text}`);
            assertSameAsWhole(result, settings);
            previous = result;
            continue;
          }
          refused++;
          assert.equal(result.unparsed.text, text);
          assert.equal(parseConfig(text).model.document.jobChunks, undefined, `left unparsed, but a fresh parse goes job by job:\n${text}`);
          if (skip) {
            // Typed past: the next version is parsed from this one.
            skipped++;
            previous = result;
          } else {
            const whole: ParsedConfig = parseConfig(text, result);
            assertSameAsWhole(whole, settings);
            previous = whole;
          }
        }
        if (!('model' in previous)) assertSameAsWhole(parseConfig(text, previous), settings);
      }),
      { seed: SEED, numRuns: 150, endOnFailure: false },
    );
    console.log(`      ${refused} versions left unparsed, ${skipped} of them typed past`);
    assert.ok(skipped >= 20, `only ${skipped} versions typed past`);
  });

  /** Text that breaks a job's YAML on its own line or inside it: quotes and brackets never closed, stray keys. */
  const BREAKERS = ['"', "'", '[', '{', ']', '}', ': x: y', '- ', '"a', "'{job=\"a\"", '`', '%', '@', '|', '>', '&x ', '*y', ' #', ':', '? ', '!!int '];

  function brokenCount(parsed: ParsedConfig): number {
    return parsed.model.document.jobChunks?.slots.filter((s) => s.broken).length ?? -1;
  }

  /** `base` parsed again after the broken versions: no broken job left, and the same as a whole parse. */
  /** `parsed`'s text with `ch` typed at `at`, parsed from `parsed` and compared with a whole parse. */
  function typedAt(parsed: ParsedConfig, at: number, ch: string, settings: ReturnType<typeof sanitizeSettings>): ParsedConfig {
    const current = parsed.model.document.text;
    const next = parseConfig(current.slice(0, at) + ch + current.slice(at), parsed);
    assertSameAsWhole(next, settings);
    return next;
  }

  function mended(base: string, parsed: ParsedConfig, settings: ReturnType<typeof sanitizeSettings>): ParsedConfig {
    const again = parseConfig(base, parsed);
    assert.equal(brokenCount(again), 0);
    assertSameAsWhole(again, settings);
    return again;
  }

  it('parses a job with a syntax error of its own together with the next job, as the whole text does', () => {
    const settings = sanitizeSettings({});
    const base = generateConfig(30, 3);
    let parsed = parseConfig(base);
    const middle = base.indexOf('    metrics_path:', base.indexOf('- job_name:', base.length >> 1));
    // Typing an unclosed quote, a new key without its colon yet, a list item with nothing after it.
    for (const line of ['    scrape_timeout: "2\n', '    new_key\n', '    -\n', '    a: b: c\n', "    labels: [a, b\n", '     over: 1\n']) {
      const text = base.slice(0, middle) + line + base.slice(middle);
      parsed = parseConfig(text, parsed);
      assert.equal(brokenCount(parsed), 1, `${JSON.stringify(line)}: one broken job, the others parsed on their own`);
      assert.ok(parsed.model.document.syntax.length > 0, 'the syntax error is reported');
      assertSameAsWhole(parsed, settings);
      // An edit of the job after the broken one parses the broken one again with it.
      parsed = typedAt(parsed, text.indexOf('job_name: ', middle) + 'job_name: '.length, 'n', settings);
      parsed = mended(base, parsed, settings);
    }
  });

  it('parses a run of jobs an error reaches into together, and again when one of them or the job after changes', () => {
    const settings = sanitizeSettings({});
    const base = generateConfig(30, 3);
    let parsed = parseConfig(base);
    const middle = base.indexOf('- job_name:', base.length >> 1);
    for (const opener of ['[', '{']) {
      // A bracket opened on a job's last line is closed only in the next job.
      const at = base.indexOf('body_size_limit: ', middle) + 'body_size_limit: '.length;
      const text = base.slice(0, at) + opener + base.slice(at);
      parsed = parseConfig(text, parsed);
      assert.equal(brokenCount(parsed), 2, `${opener}: the broken job and the job it reaches into`);
      assertSameAsWhole(parsed, settings);
      // Edits inside the run, of the job after it, and of the job before it.
      for (const from of [at, text.indexOf('- job_name:', at), text.indexOf('- job_name:', text.indexOf('- job_name:', at) + 1), middle - 40]) {
        parsed = typedAt(parsed, text.indexOf('job_name: ', from) + 'job_name: '.length, 'e', settings);
      }
      parsed = mended(base, parsed, settings);
    }
  });

  it('parses a last job with a syntax error with the head, and a run that ends at the last job, as the whole text does', () => {
    const settings = sanitizeSettings({});
    // The list last, as in most configs, and followed by more of the head.
    for (const base of [generateConfig(30, 3), generateConfig(30, 3) + 'rule_files:\n  - rules/*.yml\n']) {
      let parsed = parseConfig(base);
      const lastJob = base.lastIndexOf('  - job_name:');
      const inLast = base.indexOf('\n', base.indexOf('job_name:', lastJob)) + 1;
      const beforeLast = base.indexOf('\n', base.lastIndexOf('  - job_name:', lastJob - 1)) + 1;
      for (const line of ['    scrape_timeout: "2\n', '    new_key\n', '    -\n', '    a: b: c\n', '    labels: [a, b\n', '     over: 1\n']) {
        for (const [at, where, broken] of [[inLast, 'the last job', 0], [beforeLast, 'the job before it', 1]] as const) {
          const text = base.slice(0, at) + line + base.slice(at);
          parsed = parseConfig(text, parsed);
          // The last job's slot is the head's, and a job broken on its own is one in `slots` too.
          const slots = parsed.model.document.jobChunks?.slots;
          assert.ok(slots, `${JSON.stringify(line)} in ${where}: parsed job by job`);
          assert.equal(slots.filter((s) => s.broken).length, 1, `${JSON.stringify(line)} in ${where}: one broken job`);
          assert.equal(slots.findIndex((s) => s.broken), slots.length - 1 - broken);
          assert.ok(parsed.model.document.syntax.length > 0, 'the syntax error is reported');
          assertSameAsWhole(parsed, settings);
          // Edits of the last job's name, of the name of the job before it, and of the text's last line (the head
          // after the list when there is one, else the last job).
          const nameIn = (current: string, job: number) => current.indexOf('job_name: ', job) + 'job_name: '.length;
          const places = [
            (current: string) => nameIn(current, current.lastIndexOf('  - job_name:')),
            (current: string) => nameIn(current, current.lastIndexOf('  - job_name:', current.lastIndexOf('  - job_name:') - 1)),
            (current: string) => current.length - 2,
          ];
          for (const place of places) parsed = typedAt(parsed, place(parsed.model.document.text), 'e', settings);
          parsed = mended(base, parsed, settings);
        }
      }
    }
  });

  it('stays job by job while a new job is typed at the end of the list, one character at a time', () => {
    const settings = sanitizeSettings({});
    let text = generateConfig(12, 4);
    let parsed = parseConfig(text);
    const job = "  - job_name: 'global-view'\n    honor_labels: true\n    metrics_path: /federate\n    params:\n      'match[]': ['{job=\"node\"}', 'up{env=~\"prod|stage\"}']\n    static_configs:\n      - targets: [\"prom-eu:9090\"]\n";
    let broken = 0;
    for (const ch of job) {
      text += ch;
      parsed = parseConfig(text, parsed);
      assert.ok(parsed.model.document.jobChunks, `parsed whole after typing ${JSON.stringify(text.slice(-40))}`);
      if (brokenCount(parsed) > 0) broken++;
      assertSameAsWhole(parsed, settings);
    }
    // The quotes and brackets typed are open for a while: those versions go through the broken last job.
    assert.ok(broken >= 20, `only ${broken} versions had a broken last job`);
  });

  /**
   * Types 1-4 random inserts into a random text of `bases`, each at an offset between those `range` gives for the
   * text's first parse, and compares every version, parsed from the one before and from scratch, with a whole parse.
   * Returns how many versions there were, and how many `counted` holds for.
   */
  function typeInserts(bases: readonly string[], inserts: readonly string[], range: (text: string, parsed: ParsedConfig) => [number, number], counted: (parsed: ParsedConfig) => boolean): { versions: number; counted: number } {
    const settings = sanitizeSettings({});
    const out = { versions: 0, counted: 0 };
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(fc.record({ at: fc.integer({ min: 0, max: 999_999 }), insert: fc.constantFrom(...inserts) }), { minLength: 1, maxLength: 4 }), (b, edits) => {
        let text = bases[b];
        let parsed = parseConfig(text);
        const [from, to] = range(text, parsed);
        for (const e of edits) {
          const at = from + Math.floor((e.at / 1_000_000) * (to - from));
          text = text.slice(0, at) + e.insert + text.slice(at);
          parsed = parseConfig(text, parsed);
          out.versions++;
          if (counted(parsed)) out.counted++;
          assertSameAsWhole(parsed, settings);
          assertSameAsWhole(parseConfig(text), settings);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
    return out;
  }

  it('matches a whole-text parse with syntax errors typed into random jobs', () => {
    const bases = [generateConfig(12, 5), generateConfig(25, 9), ...corpusTexts().map(([, t]) => t)].filter((t) => (parseConfig(t).model.document.jobChunks?.slots.length ?? 0) >= 4);
    // Inside the job list, where a job can break on its own, the last job and the head after the list included.
    const { versions, counted: broken } = typeInserts(
      bases,
      [...BREAKERS, 'x', '\n', '\n      '],
      (text, parsed) => [parsed.model.document.jobChunks!.slots[0].start, text.length],
      (parsed) => brokenCount(parsed) > 0,
    );
    console.log(`      ${broken} of ${versions} versions parsed job by job with a broken job`);
    assert.ok(broken >= versions * 0.04, `only ${broken} of ${versions} versions had a broken job parsed with the next one`);
  });

  it('matches a whole-text parse with syntax errors typed into the head before the job list', () => {
    const bases = [generateConfig(12, 5), generateConfig(25, 9), ...corpusTexts().map(([, t]) => t)].filter((t) => {
      const chunks = parseConfig(t).model.document.jobChunks;
      // A head of a few lines at least before the list.
      return chunks !== undefined && chunks.slots.length >= 2 && t.slice(0, chunks.slots[0].start).split('\n').length >= 4;
    });
    assert.ok(bases.length >= 10, `only ${bases.length} texts`);
    // The head before the list, as it was: an edit there may move the list but not the head's beginning.
    const { versions, counted: headBroken } = typeInserts(
      bases,
      [...BREAKERS, 'x', 'key', '\n', '\n  ', '\n  new_key'],
      (_text, parsed) => [0, parsed.model.document.jobChunks!.slots[0].start],
      (parsed) => (parsed.model.document.jobChunks?.headErrors.length ?? 0) > 0,
    );
    console.log(`      ${headBroken} of ${versions} versions parsed job by job with a syntax error in the head`);
    assert.ok(headBroken >= versions * 0.05, `only ${headBroken} of ${versions} versions had a syntax error in the head and were parsed job by job`);
  });

  it('stays job by job while a key is typed into global: before its colon, and parses a quote that runs into the list whole', () => {
    const settings = sanitizeSettings({});
    let text = generateConfig(30, 4);
    let parsed = parseConfig(text);
    let at = text.indexOf('\n', text.indexOf('global:')) + 1;
    for (const ch of '  query_log_file: /x\n') {
      text = text.slice(0, at) + ch + text.slice(at++);
      parsed = parseConfig(text, parsed);
      assert.ok(parsed.model.document.jobChunks, `parsed whole after ${JSON.stringify(text.slice(at - 30, at))}`);
      assertSameAsWhole(parsed, settings);
    }
    // Before its colon, `query_log_file` was a syntax error of the head, kept with the head's parse.
    const noColon = text.replace('  query_log_file: /x\n', '  query_log_file\n');
    const broken = parseConfig(noColon, parsed);
    assert.ok(broken.model.document.jobChunks!.headErrors.length > 0);
    assert.ok(runRules(broken, settings).some((f) => f.code === 'yaml-syntax' && f.start < noColon.indexOf('scrape_configs:')));
    assertSameAsWhole(broken, settings);
    // A quote opened in the head and never closed there reads on into the jobs: the text is parsed whole.
    const quote = text.replace('region: eu-west-1', 'region: "eu-west-1');
    const whole = parseConfig(quote, broken);
    assert.equal(whole.model.document.jobChunks, undefined);
    assertSameAsWhole(whole, settings);
    // Brackets and quotes never closed at the start of the text: the list after them is then not parsed as on its own.
    const bare = text.slice(text.indexOf('global:'));
    for (const open of ['{', '"{', '[', "'", '{"']) {
      for (const t of [text, bare]) {
        assertSameAsWhole(parseConfig(open + t, parseConfig(t)), settings);
        assertSameAsWhole(parseConfig(open + t), settings);
      }
    }
    // A flow mapping opened in the head holds the list: the head's parse has an error at the list itself (its item
    // still where it parses alone), so the text is parsed whole.
    const inFlow = [
      '{global:',
      '  a: 1',
      '',
      'rule_files:',
      '',
      'scrape_configs:',
      '  - job_name: p',
      '    static_configs:',
      '      - targets: ["h:1"]',
      '',
      '  - job_name: f',
      '    static_configs:',
      '      - targets:',
      '        - h:2',
      '',
    ].join('\n');
    const flowParsed = parseConfig(inFlow);
    assert.equal(flowParsed.model.document.jobChunks, undefined);
    assertSameAsWhole(flowParsed, settings);
  });
});

/**
 * A first parse told the settings it will be checked with (ParseOptions.checkWith, the server's first validation)
 * checks each job as it parses it and lets go of its nodes; later versions and requests parse a job again only when
 * they read it. Its findings, and every later version's, must be what the reference gives, and so must the nodes a
 * read parses again, wherever the job has moved since.
 */
describe('a first parse that checks its jobs and lets go of their nodes', function () {
  this.timeout(120_000);
  const settings = [sanitizeSettings({}), sanitizeSettings({ prometheusVersion: '2' })];
  const strict = (m: string) => {
    throw new Error(m);
  };
  const broken = (text: string, at: string, line: string) => {
    const i = text.indexOf('\n', text.indexOf(at, text.length >> 1)) + 1;
    return text.slice(0, i) + line + text.slice(i);
  };
  const base = generateConfig(40, 5);
  const bases: [string, string][] = [
    ['generated 40 jobs', base],
    ['generated, CRLF', generateConfig(12, 2).replace(/\n/g, '\r\n')],
    ['a job with a syntax error of its own', broken(base, 'metrics_path:', '    scrape_timeout: "2\n')],
    ['a run of two jobs', broken(base, 'body_size_limit:', '    labels: [a,\n')],
    ['a broken last job', base + '    a: b: c\n'],
    ['an error in the head', base.replace('global:\n', 'global:\n  evaluation_interval: "1m\n')],
    ['a tab Prometheus rejects (parsed whole)', base.replace('    metrics_path:', '\t  metrics_path:')],
    ['a job list swallowed by a bracket (parsed whole)', base.replace(/(    sample_limit: )/, '$1[')],
    ['binary (stopped by the input guard)', '\u0000\u0001scrape_configs:\n  - job_name: a\n'],
    ['empty', ''],
    ...corpusTexts(),
  ];

  const checked = (text: string, s: (typeof settings)[number]) => parseConfig(text, undefined, { allowWhole: true, checkWith: s }) as ParsedConfig;
  /** The slots that hold their nodes now. */
  const held = (parsed: ParsedConfig) => parsed.model.document.jobChunks?.slots.filter((slot) => slot.held) ?? [];

  it('gives the reference findings and keeps nodes only for a run, a broken job and the last job', () => {
    let byJob = 0;
    for (const [name, text] of bases) {
      for (const s of settings) {
        const parsed = checked(text, s);
        assert.deepEqual(show(runRules(parsed, s, strict)), show(runRules(parseConfig(text), s, strict)), `findings of ${name}`);
        const chunks = parsed.model.document.jobChunks;
        if (chunks) {
          byJob++;
          const last = chunks.slots[chunks.slots.length - 1];
          for (const slot of held(parsed)) assert.ok(slot === last || slot.broken, `${name}: a job parsed on its own kept its nodes`);
        }
        // Reading the jobs parses them again, to the whole text's nodes (the reference has no input guard).
        if (parsed.model.document.limits.length === 0) assertSameAsWhole(parsed, s);
      }
    }
    assert.ok(byJob >= bases.length, `only ${byJob} of ${bases.length * 2} first parses went job by job`);
  });

  it('leaves a text it would parse whole unparsed when told to', () => {
    const text = bases.find(([name]) => name.startsWith('a job list swallowed'))![1];
    const parsed = parseConfig(text, undefined, { allowWhole: false, checkWith: settings[0] });
    assert.ok('unparsed' in parsed, 'expected no parse');
    const next = parseConfig(text + '\n', parsed);
    assertSameAsWhole(next, settings[0]);
  });

  it('reads only the job a hover or a code action is about, and checks a job again without keeping its nodes', () => {
    const text = generateConfig(200, 9);
    let parsed = checked(text, settings[0]);
    assert.equal(held(parsed).length, 1, 'the last job only');
    // An edit inside job 120 parses that job alone.
    const at = text.indexOf('job_name: ', text.indexOf('- job_name:', Math.floor(text.length * 0.6))) + 'job_name: '.length;
    parsed = parseConfig(text.slice(0, at) + 'x' + text.slice(at), parsed);
    assert.deepEqual(show(runRules(parsed, settings[0], strict)), show(runRules(parseConfig(parsed.model.document.text), settings[0], strict)));
    assert.equal(held(parsed).length, 2, 'the last job and the edited one');
    // A hover on a selector of a job near the end, then on a key of a job near the start.
    const model = parsed.model;
    const edited = model.document.text;
    const reference = parseConfig(edited).model;
    for (const offset of [edited.indexOf("- '", Math.floor(edited.length * 0.9)) + 4, edited.indexOf('metrics_path', Math.floor(edited.length * 0.1)) + 2]) {
      assert.deepEqual(analyzeHover(model, offset, '3'), analyzeHover(reference, offset, '3'));
      assert.deepEqual(pairAt(model, offset)?.pair.key, pairAt(reference, offset)?.pair.key);
    }
    assert.equal(held(parsed).length, 4, 'and the two jobs hovered');
    // The light bulb on a job's dash (no job's mapping holds it: the jobs around are read) and in a selector.
    const dash = edited.indexOf('- job_name:', Math.floor(edited.length * 0.3));
    const selector = edited.indexOf("- '", Math.floor(edited.length * 0.5)) + 5;
    for (const offset of [dash, selector]) {
      const range = { start: model.document.lines.positionAt(offset), end: model.document.lines.positionAt(offset) };
      const titles = (m: typeof model) => codeActions({ model: m }, 'file:///p.yml', range, [], settings[0]).map((a) => a.title);
      assert.deepEqual(titles(model), titles(reference));
    }
    assert.ok(held(parsed).length <= 7, `${held(parsed).length} jobs read for two code actions`);
    // Other settings check every job again; the jobs parsed for it are let go of again.
    assert.deepEqual(show(runRules(parsed, settings[1], strict)), show(runRules(parseConfig(edited), settings[1], strict)));
    assert.ok(held(parsed).length <= 7);
    assertSameAsWhole(parsed, settings[1]);
  });

  it('matches a whole-text parse after random edit sequences, the jobs read only at the end', () => {
    let versions = 0;
    fc.assert(
      fc.property(fc.nat(bases.length - 1), fc.array(editArb, { minLength: 1, maxLength: 6 }), fc.nat(1), (b, edits, s) => {
        let text = bases[b][1];
        let parsed: ParsedConfig = checked(text, settings[s]);
        for (const edit of edits) {
          text = apply(text, edit);
          parsed = parseConfig(text, parsed);
          versions++;
          // Findings only: the jobs that let go of their nodes are moved, not read.
          assert.deepEqual(show(runRules(parsed, settings[s], strict)), show(runRules(parseConfig(text), settings[s], strict)), `findings differ for:\n${text}`);
        }
        // The whole-text reference has no input guard: a text the guard speaks about is compared by findings only.
        if (parsed.model.document.limits.length === 0) assertSameAsWhole(parsed, settings[s]);
      }),
      { seed: SEED, numRuns: 150, endOnFailure: false },
    );
    assert.ok(versions >= 150);
  });

  it("keeps the first version's text once, and of a version after it only the text of the jobs parsed again", () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      return getHeapStatistics().used_heap_size;
    };
    // 200 jobs of ~20 KB each, mostly comment lines: their texts outweigh all the check keeps of them.
    const comments = `    # ${'x'.repeat(94)}\n`.repeat(200);
    const jobs = Array.from({ length: 200 }, (_, i) => `  - job_name: j${i}\n${comments}    static_configs:\n      - targets: ['h${i}:9090']\n`);
    const text = ['scrape_configs:\n', ...jobs].join('');
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(2)} MiB`;
    const base = heap();
    let parsed: ParsedConfig | undefined = checked(text, settings[0]);
    runRules(parsed, settings[0]);
    // The jobs' texts are slices of the document's, which the caller holds anyway: ~1.9 MiB kept here (line starts,
    // findings, slots), ~5.7 MiB with a copy of each job's text.
    const first = heap() - base;
    assert.ok(first < text.length * 0.75, `kept ${mib(first)} after the first check of ${mib(text.length)}`);
    // Two edits: the second version is let go of by the third, even though a job was parsed again from it.
    const edit = (t: string, job: number) => t.replace(`job_name: j${job}\n`, `job_name: j${job}x\n`);
    let second: string | undefined = edit(text, 100);
    parsed = parseConfig(second, parsed);
    runRules(parsed, settings[0]);
    const third = edit(second, 5);
    second = undefined;
    parsed = parseConfig(third, parsed);
    runRules(parsed, settings[0]);
    // The third version itself is the document's: one text's worth more, and nothing of the second (~2.4 MiB kept
    // besides it here, ~5.9 MiB when a job parsed after an edit slices that version).
    const kept = heap() - base - third.length;
    assert.ok(kept < text.length * 0.75, `kept ${mib(kept)} besides the third version after two edits of ${mib(text.length)}`);
    assert.equal(parsed.model.jobs.length, 200);
  });
});
