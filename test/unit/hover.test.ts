import * as assert from 'node:assert/strict';
import { parseConfig } from '../../server/src/service';
import { analyzeHover, describeSelector, hoverAt, renderHover, schemaPathAt } from '../../server/src/service/hover';
import { marked } from './helpers';

const CARET = '‸';

/** Strips the caret and ⟦ ⟧ markers: the text, the cursor offset and the expected hover span. */
function at(source: string) {
  const caret = source.indexOf(CARET);
  if (caret < 0) throw new Error('no caret');
  const { text, spans } = marked(source.replace(CARET, ''));
  // The caret counts as zero characters; markers before it shift it.
  const before = source.slice(0, caret).replace(/[⟦⟧]/g, '').length;
  return { text, offset: before, span: spans[0] };
}

interface HoverRow {
  readonly title: string;
  readonly text: string;
  readonly version?: '2' | '3';
  /** Substrings the rendered markdown must contain; none: no hover. */
  readonly contains?: readonly string[];
  readonly lacks?: readonly string[];
}

function hoverTable(rows: readonly HoverRow[]): void {
  for (const row of rows) {
    it(row.title, () => {
      const { text, offset, span } = at(row.text);
      const model = parseConfig(text).model;
      const analysis = analyzeHover(model, offset, row.version ?? '3');
      if (!row.contains) {
        assert.equal(analysis, undefined, analysis && renderHover(analysis));
        return;
      }
      assert.ok(analysis, 'expected a hover');
      const md = renderHover(analysis);
      for (const s of row.contains) assert.ok(md.includes(s), `hover lacks ${JSON.stringify(s)}:\n${md}`);
      for (const s of row.lacks ?? []) assert.ok(!md.includes(s), `hover has ${JSON.stringify(s)}:\n${md}`);
      if (span) assert.deepEqual(analysis.span, span);
    });
  }
}

const FED = 'scrape_configs:\n  - job_name: fed\n    metrics_path: /federate\n    honor_labels: true\n    params:\n      match[]:\n';

describe('hover: keys', () => {
  hoverTable([
    { title: 'a job key: meaning and default', text: 'scrape_configs:\n  - job_name: a\n    ⟦hon‸or_labels⟧: true\n', contains: ['**honor_labels**', 'default `false`'] },
    { title: 'since-version', text: 'scrape_configs:\n  - job_name: a\n    ⟦track_timestamps_staleness‸⟧: true\n', contains: ['since 2.48.0'] },
    { title: 'a nested block key', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      ⟦pass‸word_file⟧: /p\n', contains: ['**password_file**'] },
    { title: 'a top-level key', text: '⟦glo‸bal⟧:\n  scrape_interval: 15s\n', contains: ['**global**'] },
    { title: 'a deprecated key', text: 'scrape_configs:\n  - job_name: a\n    ⟦bearer_token_file‸⟧: /t\n', contains: ['*Deprecated:*'] },
    { title: 'a key the version does not know', text: 'scrape_configs:\n  - job_name: a\n    fallback_scrape‸_protocol: PrometheusText0.0.4\n', version: '2' },
    { title: 'an unknown key', text: 'scrape_configs:\n  - job_name: a\n    honour‸_labels: true\n' },
    { title: 'a secret value is never shown', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      password: ⟦SEC‸RET⟧\n', contains: ['**password**'], lacks: ['SECRET'] },
    { title: 'outside any key', text: '# comment‸\nglobal: {}\n' },
  ]);

  it('schemaPathAt walks to the block under the cursor', () => {
    const { text, offset } = at('scrape_configs:\n  - job_name: a\n  - job_name: b\n    tls_config:\n      ca_‸file: /ca\n');
    const pos = schemaPathAt(parseConfig(text).model, offset, '3');
    assert.deepEqual(pos?.path, ['scrape_configs', '1', 'tls_config', 'ca_file']);
    assert.equal(pos?.field?.name, 'ca_file');
    assert.ok(pos?.block.fields.some((f) => f.name === 'insecure_skip_verify'));
    assert.equal(pos?.jobIndex, 1);
    assert.equal(pos?.onKey, true);
  });
});

describe('hover: effective interval and timeout', () => {
  hoverTable([
    {
      title: 'interval from the job, timeout from global',
      text: 'global:\n  scrape_timeout: 20s\nscrape_configs:\n  - job_name: a\n    ⟦scrape_inter‸val⟧: 30s\n',
      contains: ['Job `a` scrapes every **30s** (set in this job)', 'timeout of **20s** (from `global`)', '**scrape_interval**'],
    },
    {
      title: 'on job_name: defaults',
      text: 'scrape_configs:\n  - job_name: ⟦fe‸d⟧\n',
      contains: ['every **1m** (Prometheus\' default)', 'timeout of **10s** (Prometheus\' default)'],
    },
    {
      title: 'the min() rule',
      text: 'global:\n  scrape_timeout: 20s\nscrape_configs:\n  - job_name: a\n    scrape_interval: ⟦5‸s⟧\n',
      contains: ['every **5s**', 'timeout of **5s** (the interval: a timeout longer than the interval is cut down to it)'],
    },
    {
      title: 'timeout set in the job',
      text: 'global:\n  scrape_interval: 2m\nscrape_configs:\n  - job_name: a\n    ⟦scrape_timeo‸ut⟧: 50s\n',
      contains: ['every **2m** (from `global`)', 'timeout of **50s** (set in this job)'],
    },
    { title: 'in global', text: 'global:\n  ⟦scrape_interval‸⟧: 15s\n', contains: ['Jobs without their own settings scrape every **15s**'] },
    { title: 'a key in a nested block is not a job key', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      ⟦user‸name⟧: u\n', contains: ['**username**'], lacks: ['scrapes every'] },
  ]);
});

describe('hover: match[] selectors', () => {
  hoverTable([
    { title: 'name and a negative matcher', text: FED + "        - ⟦'up{env!=\"d‸ev\"}'⟧\n", contains: ['series named `up` whose label `env` is not `dev`'] },
    { title: 'regex on the name', text: FED + '        - ⟦"{__name__=~\'job:.*\', job=\'node\'‸}"⟧\n', contains: ['whose name matches the regex `job:.*` in full and whose label `job` is `node`'] },
    { title: 'an invalid selector shows the error', text: FED + '        - ⟦up[5m]‸⟧\n', contains: ['**/federate rejects this selector**', 'parse error'] },
    { title: 'a selector in a job that is not a federation job', text: "scrape_configs:\n  - job_name: x\n    params:\n      match[]: ['u‸p']\n" },
  ]);

  it('describes absence and presence in plain words', () => {
    assert.equal(describeSelector(undefined, [{ name: 'job', op: '=', value: '' }]), 'series without a label `job`');
    assert.equal(describeSelector(undefined, [{ name: 'job', op: '!=', value: '' }, { name: 'a', op: '!~', value: 'x.*' }]), 'series with a label `job` and whose label `a` does not match the regex `x.*`');
    assert.equal(describeSelector(undefined, []), 'no series at all (an empty selector)');
  });

  it('gives an LSP hover with a markdown body and a range', () => {
    const { text, offset } = at(FED + "        - 'u‸p'\n");
    const hover = hoverAt(parseConfig(text).model, offset, '3');
    assert.deepEqual(hover?.contents, { kind: 'markdown', value: 'Federates series named `up`.' });
    assert.equal((hover?.range as { start: { line: number } }).start.line, 6);
  });
});
