import * as assert from 'node:assert/strict';
import { expectSpans, findings, marked, table } from '../helpers';

/** A federation job's common lines, after job_name. */
const FED = '    metrics_path: /federate\n    honor_labels: true\n';
const MATCH = "    params:\n      match[]: ['{job=\"node\"}']\n";

/** Every plain scalar yaml.v2 (YAML 1.1) reads as a bool, by value; checked against Prometheus 2.42's /api/v1/status/config. */
const YAML11_TRUE = ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'];
const YAML11_FALSE = ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'];

describe('federate-honor-labels', () => {
  table('federate-honor-labels', [
    ...YAML11_FALSE.map((w) => ({ title: `YAML 1.1 ${w} is false: on the value`, text: `scrape_configs:\n  - job_name: fed\n    metrics_path: /federate\n    honor_labels: ⟦${w}⟧ # yes, really\n`, message: 'honor_labels is false' })),
    ...YAML11_TRUE.map((w) => ({ title: `YAML 1.1 ${w} is true`, text: `scrape_configs:\n  - job_name: fed\n    metrics_path: /federate\n    honor_labels: ${w}\n` })),
    { title: 'missing: on the job_name value', text: 'scrape_configs:\n  - job_name: ⟦fed⟧\n    metrics_path: /federate\n', message: 'exported_job' },
    { title: 'explicitly false: on the value', text: 'scrape_configs:\n  - job_name: fed\n    metrics_path: /federate\n    honor_labels: ⟦false⟧\n', message: 'honor_labels is false' },
    { title: 'true is fine', text: 'scrape_configs:\n  - job_name: fed\n' + FED },
    { title: 'YAML 1.1 yes is true', text: 'scrape_configs:\n  - job_name: fed\n    metrics_path: /federate\n    honor_labels: yes\n' },
    { title: 'path ending in /federate', text: 'scrape_configs:\n  - job_name: ⟦"fed"⟧\n    metrics_path: /prometheus/federate\n' },
    { title: 'not a federation job', text: 'scrape_configs:\n  - job_name: node\n    metrics_path: /metrics\n' },
    { title: 'quoted false', text: "scrape_configs:\n  - job_name: fed\n    metrics_path: '/federate'\n    honor_labels: ⟦False⟧\n" },
  ]);

  it('carries the insertion point and indentation for a fix', () => {
    const [f] = expectSpans('scrape_configs:\n  - job_name: ⟦fed⟧ # eu\n    metrics_path: /federate\n', 'federate-honor-labels');
    const text = 'scrape_configs:\n  - job_name: fed # eu\n    metrics_path: /federate\n';
    assert.equal(f.data?.hasKey, false);
    assert.equal(f.data?.jobIndex, 0);
    assert.equal(f.data?.indent, 4);
    assert.equal(f.data?.insertAfterOffset, text.indexOf('\n    metrics_path'));
    const fixed = text.slice(0, f.data?.insertAfterOffset as number) + (f.data?.insertText as string) + text.slice(f.data?.insertAfterOffset as number);
    assert.equal(fixed, 'scrape_configs:\n  - job_name: fed # eu\n    honor_labels: true\n    metrics_path: /federate\n');
    assert.deepEqual(findings(fixed).filter((x) => x.code === 'federate-honor-labels'), []);
  });

  it('ends the job_name line with the document\'s own line break', () => {
    const text = 'scrape_configs:\r\n  - job_name: fed\r\n    metrics_path: /federate\r\n';
    const [f] = findings(text).filter((x) => x.code === 'federate-honor-labels');
    const at = f.data?.insertAfterOffset as number;
    assert.equal(text.slice(0, at) + (f.data?.insertText as string) + text.slice(at), 'scrape_configs:\r\n  - job_name: fed\r\n    honor_labels: true\r\n    metrics_path: /federate\r\n');
  });

  it('inserts into a flow mapping with a comma', () => {
    const text = 'scrape_configs:\n  - {job_name: fed, metrics_path: /federate}\n';
    const [f] = findings(text).filter((x) => x.code === 'federate-honor-labels');
    const at = f.data?.insertAfterOffset as number;
    assert.equal(text.slice(0, at) + (f.data?.insertText as string) + text.slice(at), 'scrape_configs:\n  - {job_name: fed, honor_labels: true, metrics_path: /federate}\n');
  });

  it('gives the value span when the key is present', () => {
    const [f] = expectSpans('scrape_configs:\n  - job_name: fed\n    metrics_path: /federate\n    honor_labels: ⟦false⟧\n', 'federate-honor-labels');
    assert.equal(f.data?.hasKey, true);
    assert.deepEqual(f.data?.valueSpan, { start: f.start, end: f.end });
  });
});

describe('federate-no-match', () => {
  table('federate-no-match', [
    { title: 'no params', text: 'scrape_configs:\n  - job_name: ⟦fed⟧\n' + FED, message: 'empty body' },
    { title: 'match without brackets', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦match⟧: ['up']\n", message: '"match" is ignored' },
    { title: "'match[] ' with a trailing space", text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦'match[] '⟧: ['up']\n" },
    { title: 'matches[]', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦matches[]⟧: ['up']\n" },
    { title: 'Match[]', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦Match[]⟧: ['up']\n" },
    { title: 'match[ ]', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦match[ ]⟧: ['up']\n" },
    { title: 'match[ without its bracket', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦'match['⟧: ['up']\n", message: '"match[" is ignored' },
    { title: 'mach[]', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦mach[]⟧: ['up']\n", message: '"mach[]" is ignored' },
    { title: 'format is another parameter', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    ⟦params⟧:\n      format: ['text']\n", message: 'params has no match[]' },
    { title: 'double-quoted misspelling', text: 'scrape_configs:\n  - job_name: fed\n' + FED + '    params:\n      ⟦"match"⟧: [up]\n' },
    { title: 'params without anything like match[]', text: 'scrape_configs:\n  - job_name: fed\n' + FED + '    ⟦params⟧:\n      module: [x]\n', message: 'params has no match[]' },
    { title: 'empty params', text: 'scrape_configs:\n  - job_name: fed\n' + FED + '    ⟦params⟧:\n' },
    { title: 'empty match[] list', text: 'scrape_configs:\n  - job_name: fed\n' + FED + '    params:\n      ⟦match[]⟧: []\n', message: 'empty list' },
    { title: 'match[] present', text: 'scrape_configs:\n  - job_name: fed\n' + FED + MATCH },
    { title: 'match[] present next to another param', text: 'scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      match: [x]\n      match[]: ['up']\n" },
    { title: 'not a federation job', text: 'scrape_configs:\n  - job_name: blackbox\n    metrics_path: /probe\n' },
  ]);

  it('offers the key span and the right key', () => {
    const [f] = expectSpans('scrape_configs:\n  - job_name: fed\n' + FED + "    params:\n      ⟦'match[] '⟧: ['up']\n", 'federate-no-match');
    assert.deepEqual(f.data?.keySpan, { start: f.start, end: f.end });
    assert.equal(f.data?.suggested, 'match[]');
  });

  it('has no key span when there is nothing to rename', () => {
    const [f] = expectSpans('scrape_configs:\n  - job_name: ⟦fed⟧\n' + FED, 'federate-no-match');
    assert.equal(f.data?.keySpan, undefined);
    assert.equal(f.data?.suggested, 'match[]');
  });
});

describe('federate-staleness', () => {
  table('federate-staleness', [
    { title: 'missing', text: 'scrape_configs:\n  - job_name: ⟦fed⟧\n' + FED + MATCH, message: 'lookback delta' },
    { title: 'false', text: 'scrape_configs:\n  - job_name: fed\n' + FED + '    track_timestamps_staleness: ⟦false⟧\n' + MATCH },
    { title: 'true', text: 'scrape_configs:\n  - job_name: fed\n' + FED + '    track_timestamps_staleness: true\n' + MATCH },
    { title: 'honor_timestamps false makes it moot', text: 'scrape_configs:\n  - job_name: fed\n' + FED + '    honor_timestamps: false\n' + MATCH },
    { title: 'not a federation job', text: 'scrape_configs:\n  - job_name: node\n' },
  ]);

  it('says which job, and whether the key is written', () => {
    const of = (text: string) => findings(text).filter((x) => x.code === 'federate-staleness').map((f) => f.data);
    assert.deepEqual(of('scrape_configs:\n  - job_name: a\n  - job_name: fed\n' + FED), [{ jobIndex: 1, hasKey: false }]);
    assert.deepEqual(of('scrape_configs:\n  - job_name: fed\n' + FED + '    track_timestamps_staleness: false\n'), [{ jobIndex: 0, hasKey: true }]);
  });
});

describe('long-scrape-interval', () => {
  table('long-scrape-interval', [
    { title: 'job interval of 5m', text: 'scrape_configs:\n  - job_name: a\n    scrape_interval: ⟦5m⟧\n', message: 'too long scrape interval found' },
    { title: 'job interval of 10m in another unit', text: 'scrape_configs:\n  - job_name: a\n    scrape_interval: ⟦600s⟧\n' },
    { title: 'just under', text: 'scrape_configs:\n  - job_name: a\n    scrape_interval: 4m59s\n' },
    { title: 'global interval, inherited', text: 'global:\n  scrape_interval: ⟦1h⟧\nscrape_configs:\n  - job_name: a\n  - job_name: b\n', message: '"a", "b"' },
    { title: 'global interval, overridden by every job', text: 'global:\n  scrape_interval: 1h\nscrape_configs:\n  - job_name: a\n    scrape_interval: 15s\n' },
    { title: 'federation jobs too', text: 'scrape_configs:\n  - job_name: fed\n    scrape_interval: ⟦5m⟧\n' + FED + MATCH },
    { title: 'default interval', text: 'scrape_configs:\n  - job_name: a\n' },
  ]);
});

describe('federate-same-target', () => {
  table('federate-same-target', [
    {
      title: 'federation job on a target scraped directly',
      text: "scrape_configs:\n  - job_name: prom\n    static_configs:\n      - targets: ['prom-eu:9090']\n  - job_name: fed\n" + FED + MATCH + "    static_configs:\n      - targets: [⟦'PROM-EU:9090'⟧, 'prom-us:9090']\n",
      message: 'Job "prom" already scrapes prom-eu:9090',
    },
    {
      title: 'different port',
      text: "scrape_configs:\n  - job_name: prom\n    static_configs:\n      - targets: ['prom-eu:9100']\n  - job_name: fed\n" + FED + MATCH + "    static_configs:\n      - targets: ['prom-eu:9090']\n",
    },
    {
      title: 'two federation jobs on one target are another rule',
      text: 'scrape_configs:\n  - job_name: f1\n' + FED + MATCH + "    static_configs:\n      - targets: ['p:9090']\n  - job_name: f2\n" + FED + MATCH + "    static_configs:\n      - targets: ['p:9090']\n",
    },
  ]);

  it('relates to the direct job\'s target', () => {
    const { text } = marked("scrape_configs:\n  - job_name: prom\n    static_configs:\n      - targets: ['p:9090']\n  - job_name: fed\n" + FED + MATCH + "    static_configs:\n      - targets: ['p:9090']\n");
    const [f] = findings(text).filter((x) => x.code === 'federate-same-target');
    assert.equal(f.related?.[0].start, text.indexOf("'p:9090'"));
    assert.equal(f.data?.target, 'p:9090');
  });
});
