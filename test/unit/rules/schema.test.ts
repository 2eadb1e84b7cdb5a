import * as assert from 'node:assert/strict';
import { expectSpans, findings, table } from '../helpers';

describe('unknown-key', () => {
  table('unknown-key', [
    { title: 'misspelt key in a scrape config, with a suggestion', text: 'scrape_configs:\n  - job_name: a\n    ⟦honour_labels⟧: true\n', message: 'did you mean honor_labels?' },
    { title: "Prometheus' wording", text: 'scrape_configs:\n  - job_name: a\n    ⟦metric_path⟧: /federate\n', message: 'field metric_path not found in type config.ScrapeConfig' },
    { title: 'a key of another block', text: 'scrape_configs:\n  - job_name: a\n    ⟦target_relabel_configs⟧: []\n', message: 'did you mean relabel_configs?' },
    { title: 'unknown top-level key', text: '⟦scrape_config⟧:\n  - job_name: a\n', message: 'type config.plain' },
    { title: 'unknown key in a nested block', text: 'scrape_configs:\n  - job_name: a\n    tls_config:\n      ⟦insecure⟧: true\n', message: 'field insecure not found in type' },
    { title: 'a 3.x key under prometheusVersion 2', version: '2', text: 'scrape_configs:\n  - job_name: a\n    ⟦fallback_scrape_protocol⟧: PrometheusText0.0.4\n', message: 'needs Prometheus 3' },
    { title: 'the same key under 3 is fine', text: 'scrape_configs:\n  - job_name: a\n    fallback_scrape_protocol: PrometheusText0.0.4\n' },
    { title: 'free keys in labels, params and external_labels', text: 'global:\n  external_labels:\n    anything: x\nscrape_configs:\n  - job_name: a\n    params:\n      module: [x]\n' },
  ]);

  it('suggests the one close key in data.suggestion, and nothing for a key too new or too far off', () => {
    const suggestion = (text: string, version = '3') => findings(text, { prometheusVersion: version }).filter((f) => f.code === 'unknown-key').map((f) => [f.data?.suggestion, f.data?.status]);
    assert.deepEqual(suggestion('scrape_configs:\n  - job_name: a\n    honour_labels: true\n'), [['honor_labels', 'unknown']]);
    assert.deepEqual(suggestion('global:\n  scrape_intreval: 1m\n'), [['scrape_interval', 'unknown']]);
    assert.deepEqual(suggestion('scrape_configs:\n  - job_name: a\n    completely_else: 1\n'), [[undefined, 'unknown']]);
    assert.deepEqual(suggestion('scrape_configs:\n  - job_name: a\n    fallback_scrape_protocol: PrometheusText0.0.4\n', '2'), [[undefined, 'too-new']]);
  });
});

describe('duplicate-key', () => {
  table('duplicate-key', [
    { title: 'a scrape config field twice', text: 'scrape_configs:\n  - job_name: a\n    honor_labels: true\n    ⟦honor_labels⟧: false\n', message: 'field honor_labels already set in type config.ScrapeConfig' },
    { title: 'a top-level key twice', text: 'global: {}\n⟦global⟧: {}\n', message: 'field global already set in type config.plain' },
    { title: 'match[] twice in params', text: 'scrape_configs:\n  - job_name: a\n    params:\n      match[]: [a]\n      ⟦match[]⟧: [b]\n', message: 'key "match[]" already set in map' },
    { title: 'a label twice', text: 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a:1]\n        labels:\n          env: a\n          ⟦env⟧: b\n' },
    { title: 'a merge key override is not a duplicate', text: 'scrape_configs:\n  - &base\n    job_name: a\n    honor_labels: true\n  - <<: *base\n    job_name: b\n' },
  ]);

  it('relates the duplicate to the first occurrence and carries the spans a fix needs', () => {
    const [f] = expectSpans('scrape_configs:\n  - job_name: a\n    honor_labels: true\n    ⟦honor_labels⟧: false\n', 'duplicate-key');
    assert.equal(f.related?.[0].message, 'honor_labels is first set here');
    const data = f.data as { firstKeySpan: { start: number }; pairSpan: { start: number; end: number } };
    assert.equal(data.firstKeySpan.start, 'scrape_configs:\n  - job_name: a\n    '.length);
    assert.equal(data.pairSpan.end - data.pairSpan.start, 'honor_labels: false'.length);
  });
});

describe('invalid-type', () => {
  table('invalid-type', [
    { title: 'match[] as a string instead of a list', text: 'scrape_configs:\n  - job_name: a\n    params:\n      match[]: ⟦"{job=\\"x\\"}"⟧\n', message: 'cannot unmarshal !!str `{job="x"}` into []string' },
    { title: 'unquoted {...} selector', text: 'scrape_configs:\n  - job_name: a\n    params:\n      match[]:\n        - ⟦{__name__=~"job:.*"}⟧\n', message: 'cannot unmarshal !!map into string' },
    { title: 'a word where a bool belongs', text: 'scrape_configs:\n  - job_name: a\n    honor_labels: ⟦yes please⟧\n', message: 'cannot unmarshal !!str `yes please` into bool' },
    { title: 'YAML 1.1 booleans are fine', text: 'scrape_configs:\n  - job_name: a\n    honor_labels: yes\n' },
    // Quoted, a bool word is a !!str: Prometheus 2.42 refuses it.
    { title: 'a quoted "no" is a string', text: 'scrape_configs:\n  - job_name: a\n    honor_labels: ⟦"no"⟧\n', message: 'cannot unmarshal !!str `no` into bool' },
    { title: "a quoted 'true' is a string", text: "scrape_configs:\n  - job_name: a\n    honor_labels: ⟦'true'⟧\n", message: 'cannot unmarshal !!str `true` into bool' },
    { title: 'a list where a mapping belongs', text: 'global:\n  ⟦- a⟧\n' },
    { title: 'scrape_configs as a mapping', text: 'scrape_configs:\n  ⟦job_name: a⟧\n' },
  ]);
});

describe('invalid-value', () => {
  table('invalid-value', [
    { title: 'bad duration', text: 'global:\n  scrape_interval: ⟦15x⟧\n', message: 'not a valid duration string: "15x"' },
    { title: 'decimal duration', text: 'global:\n  scrape_interval: ⟦1.5s⟧\n' },
    { title: 'compound duration is fine', text: 'global:\n  scrape_interval: 1h30m\n' },
    { title: 'bad byte size', text: 'scrape_configs:\n  - job_name: a\n    body_size_limit: ⟦10XB⟧\n', message: 'units: unknown unit XB in 10XB' },
    { title: 'empty job_name', text: 'scrape_configs:\n  - job_name: ⟦""⟧\n', message: 'job_name is empty' },
    { title: 'null scrape config', text: 'scrape_configs:\n  - job_name: a\n  ⟦-⟧\n', message: 'empty or null scrape config section' },
    { title: 'label name with a dot under 2', version: '2', text: 'global:\n  external_labels:\n    ⟦cluster.name⟧: x\n', message: 'is not a valid label name' },
    { title: 'label name with a dot under 3 is fine', text: 'global:\n  external_labels:\n    cluster.name: x\n' },
  ]);
});

describe('schema walk', () => {
  it('follows merge keys without false errors', () => {
    const text = 'x-defaults: &d\n  honor_labels: true\nscrape_configs:\n  - <<: *d\n    job_name: a\n';
    assert.deepEqual(findings(text).map((f) => f.code), ['unknown-key']);
  });
});
