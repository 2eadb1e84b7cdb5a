import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateConfig } from '../../../bench/generate';
import { parseConfig } from '../../../server/src/service';
import { splitJobs } from '../../../server/src/service/chunks';
import { findMisindentedItems } from '../../../server/src/service/misindent';
import { LineIndex } from '../../../server/src/service/ranges';
import { expectSpans, findings, marked, table } from '../helpers';

describe('yaml-tab', () => {
  table('yaml-tab', [
    { title: 'tab indenting a key after a plain scalar', text: 'scrape_configs:\n  - job_name: a\n⟦\t⟧honor_labels: true\n', message: 'violates indentation' },
    { title: 'tab before a list dash', text: 'scrape_configs:\n⟦\t⟧- job_name: a\n', message: 'cannot start any token' },
    { title: 'tab right after a dash', text: 'scrape_configs:\n  - ⟦\t⟧job_name: a\n', message: 'cannot start any token' },
    { title: 'whitespace-only line with a tab after a quoted scalar', text: 'scrape_configs:\n  - job_name: "a"\n⟦\t⟧\n', message: 'cannot start any token' },
    { title: 'whitespace-only line, tab left of the indentation', text: 'scrape_configs:\n  - job_name: a\n  ⟦\t⟧\n', message: 'violates indentation' },
    { title: 'tab-indented comment after a plain scalar', text: 'scrape_configs:\n  - job_name: a\n⟦\t⟧# c\n', message: 'violates indentation' },
    { title: 'tab inside block scalar indentation', text: 'global:\n  external_labels:\n    a: |\n      x\n     ⟦\t⟧y\n', message: 'indentation space is expected' },
    { title: 'tab after key: is accepted', text: 'scrape_configs:\n  - job_name:\ta\n' },
    { title: 'tab before a trailing comment is accepted', text: 'scrape_configs:\n  - job_name: a\t# c\n' },
    { title: 'tab inside a flow collection is accepted', text: 'scrape_configs:\n  - job_name: a\n    static_configs: [ {targets:\t[a]} ]\n' },
    { title: 'tab right of the indentation on a blank line is accepted', text: 'scrape_configs:\n  - job_name: a\n      \t\n' },
    { title: 'tab inside a quoted string is accepted', text: 'global:\n  external_labels:\n    a: "x\ty"\n' },
  ]);

  it('parses the rest of the file as if the tab were the indentation meant', () => {
    const text = 'scrape_configs:\n  - job_name: a\n\tscrape_interval: 15s\n    static_configs:\n      - targets: [a:1]\n  - job_name: a\n';
    const all = findings(text);
    assert.deepEqual(all.map((f) => f.code), ['yaml-tab', 'duplicate-job-name']);
  });
});

describe('yaml-syntax', () => {
  table('yaml-syntax', [
    { title: 'unterminated double quote: where it opens and where yaml.v2 gives up', text: 'scrape_configs:\n  - job_name: ⟦"⟧a\n⟦⟧' },
    { title: 'a quote closed on a later line: where it opens and where it closes', text: 'scrape_configs:\n  - job_name: ⟦"⟧a\n    metrics_path: /federate\n    params:\n      match[]: [\'{job=⟦"⟧x"}\']\n' },
    { title: 'a key indented deeper than the one above', text: 'global:\n  scrape_interval: 15s\n    ⟦scrape_timeout⟧: 10s\n', message: 'mapping values are not allowed in this context' },
    { title: 'mapping items at different columns', text: 'scrape_configs:\n  - job_name: a\n    static_configs:\n    - targets: [a:1]\n  ⟦honor_labels: true⟧\n' },
    { title: 'valid file', text: 'scrape_configs:\n  - job_name: a\n' },
    { title: 'empty file', text: '' },
    { title: 'only comments', text: '# nothing\n' },
  ]);
});

describe('misindented-item', () => {
  table('misindented-item', [
    {
      title: 'job outdented to column 1',
      text: 'scrape_configs:\n  - job_name: a\n    honor_labels: true\n⟦- job_name: b⟧\n  honor_labels: true\n',
      message: 'did not find expected key',
    },
    { title: 'job outdented by one space', text: 'scrape_configs:\n  - job_name: a\n ⟦- job_name: b⟧\n' },
    { title: 'items at column 1 throughout are fine', text: 'scrape_configs:\n- job_name: a\n- job_name: b\n' },
  ]);

  it('reports no parser echo on the blank and comment lines above the outdented item', () => {
    const text = 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [a:1]\n\n# moved\n- job_name: b\n  metrics_path: /federate\n';
    assert.deepEqual(findings(text).map((f) => f.code), ['misindented-item']);
  });

  it('reports no parser echo of the outdented item', () => {
    const { text } = marked('scrape_configs:\n  - job_name: a\n- job_name: b\n  metrics_path: /federate\n');
    assert.deepEqual(findings(text).map((f) => f.code), ['misindented-item']);
  });

  it('finds from the end of a job list split by lines what a scan from the top finds', () => {
    // What may follow a job list: items at column 0 (outdented jobs), keys, comments and blank lines.
    const after = fc.array(fc.constantFrom('- job_name: late\n', '  metrics_path: /federate\n', '-\n', '# c\n', '\n', 'remote_write:\n', '  - url: http://r/w\n', '    - deeper\n', ' - one space\n'), { maxLength: 8 });
    let split = 0;
    let found = 0;
    fc.assert(
      fc.property(fc.nat(3), fc.boolean(), after, (jobs, crlf, tail) => {
        let text = generateConfig(jobs + 2, jobs) + tail.join('');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const layout = splitJobs(text);
        if (!layout) return;
        split++;
        const lines = new LineIndex(text);
        const fromTop = findMisindentedItems(text, lines);
        found += fromTop.length;
        assert.deepEqual(findMisindentedItems(text, lines, layout), fromTop);
      }),
      { numRuns: 300 },
    );
    assert.ok(split >= 150 && found >= 50, `${split} texts split, ${found} outdented items`);
  });

  it('is reported where a job list parsed job by job is followed by an outdented job', () => {
    const text = generateConfig(20) + '- job_name: late\n  metrics_path: /federate\n';
    const parsed = parseConfig(text);
    assert.ok(parsed.model.document.jobChunks, 'parsed job by job');
    assert.deepEqual(parsed.model.document.syntax.filter((f) => f.code === 'misindented-item').map((f) => f.start), [text.lastIndexOf('- job_name: late')]);
  });
});

describe('duplicate-job-name', () => {
  table('duplicate-job-name', [
    { title: 'second and third duplicates', text: 'scrape_configs:\n  - job_name: a\n  - job_name: ⟦a⟧\n  - job_name: b\n  - job_name: ⟦"a"⟧\n', message: 'found multiple scrape configs with job name "a"' },
    { title: 'distinct names', text: 'scrape_configs:\n  - job_name: a\n  - job_name: b\n' },
  ]);

  it('relates the duplicate to the first', () => {
    const [f] = expectSpans('scrape_configs:\n  - job_name: x\n  - job_name: ⟦x⟧\n', 'duplicate-job-name');
    assert.equal(f.related?.length, 1);
    assert.equal(f.related?.[0].start, 'scrape_configs:\n  - job_name: '.length);
  });
});

describe('timeout-exceeds-interval', () => {
  table('timeout-exceeds-interval', [
    { title: 'job timeout above job interval', text: 'scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: ⟦20s⟧\n', message: 'job name "a"' },
    { title: 'job timeout above inherited global interval', text: 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: a\n    scrape_timeout: ⟦1m⟧\n' },
    { title: 'job timeout above default interval (1m)', text: 'scrape_configs:\n  - job_name: a\n    scrape_timeout: ⟦2m⟧\n' },
    { title: 'global timeout above global interval', text: 'global:\n  scrape_interval: 5s\n  scrape_timeout: ⟦10s⟧\n', message: 'global scrape timeout greater than scrape interval' },
    { title: 'inherited global timeout is clamped, not an error', text: 'global:\n  scrape_timeout: 10s\nscrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n' },
    { title: 'equal is fine', text: 'scrape_configs:\n  - job_name: a\n    scrape_interval: 30s\n    scrape_timeout: 30s\n' },
    { title: 'compound durations compare by value', text: 'scrape_configs:\n  - job_name: a\n    scrape_interval: 1m30s\n    scrape_timeout: ⟦1h⟧\n' },
  ]);
});

describe('auth-conflict', () => {
  table('auth-conflict', [
    { title: 'bearer_token and bearer_token_file', text: 'scrape_configs:\n  - job_name: a\n    bearer_token: x\n    ⟦bearer_token_file⟧: /t\n', message: 'at most one of bearer_token & bearer_token_file must be configured' },
    { title: 'authorization and bearer_token', text: 'scrape_configs:\n  - job_name: a\n    bearer_token: x\n    ⟦authorization⟧:\n      credentials: y\n', message: 'authorization is not compatible with bearer_token & bearer_token_file' },
    { title: 'basic_auth and authorization', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n    ⟦authorization⟧:\n      credentials: y\n', message: 'at most one of basic_auth, oauth2 & authorization must be configured' },
    { title: 'credentials and credentials_file', text: 'scrape_configs:\n  - job_name: a\n    authorization:\n      credentials: y\n      ⟦credentials_file⟧: /f\n', message: 'at most one of authorization credentials & credentials_file must be configured' },
    { title: 'authorization type basic', text: 'scrape_configs:\n  - job_name: a\n    authorization:\n      type: ⟦Basic⟧\n      credentials: y\n', message: 'authorization type cannot be set to "basic"' },
    { title: 'password and password_file', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      password: p\n      ⟦password_file⟧: /p\n' },
    { title: 'empty bearer_token does not count', text: 'scrape_configs:\n  - job_name: a\n    bearer_token: ""\n    bearer_token_file: /t\n' },
    { title: 'in remote_write too', text: 'remote_write:\n  - url: http://x/api\n    basic_auth:\n      username: u\n    ⟦bearer_token⟧: t\n' },
  ]);

  it('never repeats the secret', () => {
    const all = findings('scrape_configs:\n  - job_name: a\n    bearer_token: SUPERSECRET123\n    bearer_token_file: /t\n');
    assert.ok(all.length > 0);
    for (const f of all) assert.ok(!f.message.includes('SUPERSECRET123'));
  });
});

describe('invalid-target', () => {
  table('invalid-target', [
    { title: 'URL target', text: 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [⟦"http://a:9090"⟧, "b:9090"]\n', message: '"http://a:9090" is not a valid hostname' },
    { title: 'path in target', text: 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets:\n          - ⟦a:9090/federate⟧\n' },
    { title: 'relabel_configs that may rewrite the address turn the check off', text: 'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - target_label: __address__\n        replacement: y:1\n    static_configs:\n      - targets: ["http://a:9090"]\n' },
    { title: 'relabel_configs that keep the address: promtool still refuses it', text: 'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - target_label: x\n        replacement: y\n    static_configs:\n      - targets: [⟦"http://a:9090"⟧]\n', message: 'instance 0 in group 0' },
    { title: 'keep/drop rules may drop the target: no finding', text: 'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [x]\n        action: keep\n    static_configs:\n      - targets: ["http://a:9090"]\n' },
    { title: 'Alertmanager targets', text: 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [⟦"http://am:9093"⟧]\n' },
  ]);
});
