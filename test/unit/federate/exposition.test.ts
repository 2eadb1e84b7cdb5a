import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  combineSummaries,
  createExpositionParser,
  parseExposition,
  type ExpositionParserOptions,
  type ExpositionSummary,
} from '../../../server/src/federate/exposition';

/** A /federate answer as Prometheus 2.42 writes it: untyped families sorted by name, external labels, ms timestamps. */
const FEDERATE_BODY = [
  '# TYPE go_goroutines untyped',
  'go_goroutines{instance="127.0.0.1:9090",job="prometheus",region="eu"} 38 1700000000123',
  '# TYPE http_request_duration_seconds_bucket untyped',
  'http_request_duration_seconds_bucket{handler="/federate",instance="127.0.0.1:9090",job="prometheus",le="0.1",region="eu"} 4 1700000000123',
  'http_request_duration_seconds_bucket{handler="/federate",instance="127.0.0.1:9090",job="prometheus",le="+Inf",region="eu"} 5 1700000000123',
  '# TYPE http_request_duration_seconds_count untyped',
  'http_request_duration_seconds_count{handler="/federate",instance="127.0.0.1:9090",job="prometheus",region="eu"} 5 1700000000123',
  '# TYPE http_request_duration_seconds_sum untyped',
  'http_request_duration_seconds_sum{handler="/federate",instance="127.0.0.1:9090",job="prometheus",region="eu"} 0.0123 1700000000123',
  '# TYPE rpc_duration_seconds untyped',
  'rpc_duration_seconds{instance="",job="app",quantile="0.5",region="eu"} 4.77e-05 1699999990000',
  'rpc_duration_seconds{instance="",job="app",quantile="0.99",region="eu"} NaN 1699999990000',
  '# TYPE up untyped',
  'up{instance="127.0.0.1:9090",job="prometheus",region="eu"} 1 1700000000123',
  'up{instance="10.0.0.1:9100",job="node",region="eu"} 0 1700000001999',
  '',
].join('\n');

interface Row {
  readonly title: string;
  readonly body: string | Buffer;
  readonly options?: ExpositionParserOptions;
  readonly expected: Partial<ExpositionSummary>;
}

function check(row: Row): void {
  const summary = parseExposition(row.body, row.options);
  const picked = Object.fromEntries(Object.keys(row.expected).map((k) => [k, summary[k as keyof ExpositionSummary]]));
  assert.deepEqual(picked, row.expected, row.title);
}

const ROWS: Row[] = [
  {
    title: 'recorded /federate body',
    body: FEDERATE_BODY,
    expected: {
      series: 9,
      metricNames: 6,
      labelPairs: 35,
      maxLabelsPerSeries: 5,
      maxLabelsMetric: 'http_request_duration_seconds_bucket',
      maxLabelNameLength: 8,
      maxLabelValueLength: 14,
      maxLabelValueLabel: 'instance',
      samplesWithTimestamp: 9,
      minTimestampMs: 1699999990000,
      maxTimestampMs: 1700000001999,
      types: { untyped: 6 },
      errorCount: 0,
      missingFinalNewline: false,
      crlf: false,
      lines: 15,
      bytes: Buffer.byteLength(FEDERATE_BODY),
    },
  },
  {
    title: 'top metrics: most series first, ties by name',
    body: FEDERATE_BODY,
    options: { topN: 3 },
    expected: {
      topMetrics: [
        { name: 'http_request_duration_seconds_bucket', series: 2 },
        { name: 'rpc_duration_seconds', series: 2 },
        { name: 'up', series: 2 },
      ],
    },
  },
  {
    title: 'escaped label values are measured unescaped, in UTF-8 bytes',
    body: 'm{a="x\\"y\\\\z\\n",b="été"} 1\n',
    expected: { series: 1, maxLabelValueLength: 6, maxLabelValueLabel: 'a', errorCount: 0 },
  },
  {
    title: 'unknown escapes pass like Prometheus\' lexer, counting both bytes',
    body: 'm{a="\\t"} 1\n',
    expected: { series: 1, maxLabelValueLength: 2, errorCount: 0 },
  },
  {
    title: 'no trailing newline',
    body: 'a 1\nb 2',
    expected: { series: 2, missingFinalNewline: true, lines: 2 },
  },
  {
    title: 'CRLF line ends',
    body: '# TYPE a gauge\r\na{x="1"} 1 17\r\n',
    expected: { series: 1, crlf: true, errorCount: 0, maxTimestampMs: 17, types: { gauge: 1 } },
  },
  {
    title: 'comments, HELP, blank lines, leading blanks, trailing comma, blanks around labels',
    body: '# just a comment\n# HELP a Some help with "quotes" and \\ backslash\n\n   \n  a { x = "1" , } 1\n# EOF\n',
    expected: { series: 1, labelPairs: 1, errorCount: 0, lines: 6 },
  },
  {
    title: 'values: Inf, NaN, exponents, hex, negatives; negative timestamp',
    body: 'a +Inf\nb -inf\nc nan\nd 1e-3\ne -.5E+2\nf 0x1p-2\ng 7 -1000\n',
    expected: { series: 7, errorCount: 0, minTimestampMs: -1000, samplesWithTimestamp: 1 },
  },
  {
    title: 'UTF-8 metric and label names in quotes (Prometheus 3.x)',
    body: '{"my.metric","label.with.dots"="v",job="x"} 1\n',
    expected: { series: 1, metricNames: 1, seriesByMetric: { 'my.metric': 1 }, labelPairs: 2, maxLabelNameLength: 15 },
  },
  {
    title: 'bad lines are counted with line numbers; good lines still count',
    body: Buffer.concat([
      Buffer.from('ok 1\nbad{ 1\nok 2 x\nok 3 4 5\n# TYPE ok weird\n1abc 1\nok{a="1",a="2"} 1\nok{a="'),
      Buffer.of(0xff),
      Buffer.from('"} 1\nok 4\n'),
    ]),
    options: { maxErrors: 10 },
    expected: {
      series: 2,
      errorCount: 7,
      errors: [
        { line: 2, message: 'expected a label name, found "1"', excerpt: 'bad{ 1' },
        { line: 3, message: 'invalid timestamp "x"', excerpt: 'ok 2 x' },
        { line: 4, message: 'unexpected text after the timestamp', excerpt: 'ok 3 4 5' },
        { line: 5, message: 'unknown metric type "weird"', excerpt: '# TYPE ok weird' },
        { line: 6, message: 'expected a metric name, found "1"', excerpt: '1abc 1' },
        { line: 7, message: 'label "a" appears twice', excerpt: 'ok{a="1",a="2"} 1' },
        { line: 8, message: 'label value is not valid UTF-8', excerpt: 'ok{a="\ufffd"} 1' },
      ],
    },
  },
  {
    title: 'messages name the spot: no blank after "}", a bad character in a name',
    body: 'a{x="1"}1\nb-c 1\n',
    expected: {
      errors: [
        { line: 1, message: 'expected a blank after "}", found "1"', excerpt: 'a{x="1"}1' },
        { line: 2, message: 'invalid character "-" in metric name', excerpt: 'b-c 1' },
      ],
    },
  },
  {
    title: 'only the first maxErrors errors are kept',
    body: 'x\n'.repeat(10),
    options: { maxErrors: 2 },
    expected: { errorCount: 10, series: 0 },
  },
  {
    title: 'preview keeps the first K lines, cut when long',
    body: `a 1\n# c\nlong{v="${'x'.repeat(50)}"} 1\nd 4\n`,
    options: { previewLines: 3, previewLineChars: 20 },
    expected: { preview: ['a 1', '# c', `long{v="${'x'.repeat(12)}…`] },
  },
  {
    title: 'an over-long line is an error and is skipped; the next line counts',
    body: `a 1\nb{v="${'x'.repeat(100)}"} 1\nc 1\n`,
    options: { maxLineBytes: 64 },
    expected: { series: 2, errorCount: 1, errors: [{ line: 2, message: 'line is longer than 64 bytes', excerpt: '' }], gaveUp: false },
  },
  {
    title: 'an over-long first line means garbage: give up',
    body: `${'\u0000'.repeat(200)}\na 1\n`,
    options: { maxLineBytes: 64 },
    expected: { series: 0, gaveUp: true, errorCount: 1, bytes: 205 },
  },
  {
    title: 'an HTML page is garbage: errors, no series, give up after the limit',
    body: '<!DOCTYPE html>\n<html>\n<head><title>Grafana</title></head>\n<body>\n</body>\n</html>\n',
    options: { giveUpAfterErrors: 3 },
    expected: { series: 0, errorCount: 3, gaveUp: true },
  },
  {
    title: 'JSON is garbage',
    body: '{"status":"success","data":[]}\n',
    expected: { series: 0, errorCount: 1, errors: [{ line: 1, message: 'expected "=" after label name "status"', excerpt: '{"status":"success","data":[]}' }] },
  },
  {
    title: 'empty body (a /federate without match[])',
    body: '',
    expected: { series: 0, lines: 0, errorCount: 0, minTimestampMs: null, missingFinalNewline: false, preview: [] },
  },
];

describe('federate/exposition', () => {
  for (const row of ROWS) it(row.title, () => check(row));

  it('never throws on random bytes and always reports errors or series', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const s = parseExposition(bytes, { maxLineBytes: 100 });
        assert.equal(s.bytes, bytes.length);
        assert.ok(s.series + s.errorCount <= s.lines);
      }),
    );
  });

  it('splitting the recorded body at every byte position gives the same summary', () => {
    const body = Buffer.from(FEDERATE_BODY.replace(/\n/g, '\r\n') + 'tail{a="é"} 1', 'utf8');
    const whole = parseExposition(body);
    for (let i = 0; i <= body.length; i++) {
      assert.deepEqual(parseExposition([body.subarray(0, i), body.subarray(i)]), whole, `split at ${i}`);
    }
    for (let i = 0; i < body.length; i += 7) {
      for (let j = i; j <= body.length; j += 13) {
        assert.deepEqual(parseExposition([body.subarray(0, i), body.subarray(i, j), body.subarray(j)]), whole, `split at ${i}, ${j}`);
      }
    }
  });

  it('property: chunk boundaries never change the summary', () => {
    const line = fc.oneof(
      fc.constantFrom('# TYPE up untyped', '# HELP x help', '', '   ', 'garbage here', '<html>', 'x{a="1"', 'y{a="\\"q\\""} 1 2\r'),
      fc.tuple(fc.constantFrom('up', 'a_b', 'c:d'), fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), fc.integer(), fc.option(fc.integer({ min: -1e6, max: 1e13 })))
        .map(([name, values, v, ts]) => `${name}{${values.map((x, i) => `l${i}="${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}} ${v}${ts === null ? '' : ` ${ts}`}`),
      fc.string({ minLength: 40, maxLength: 90 }).map((s) => `long{v="${s.replace(/[\\"\n]/g, '_')}"} 1`),
    );
    const options: ExpositionParserOptions = { maxLineBytes: 64, previewLines: 5, maxErrors: 3, giveUpAfterErrors: 12 };
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 10 }), (lines, finalNewline, cuts) => {
        const body = Buffer.from(lines.join('\n') + (finalNewline ? '\n' : ''), 'utf8');
        const whole = parseExposition(body, options);
        const points = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(body.subarray(last, p));
          last = p;
        }
        chunks.push(body.subarray(last));
        assert.deepEqual(parseExposition(chunks, options), whole);
        assert.deepEqual(parseExposition([...body].map((b) => Uint8Array.of(b)), options), whole);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps memory bounded: an endless line without newline stays one error', () => {
    const parser = createExpositionParser({ maxLineBytes: 1024 });
    parser.push(Buffer.from('a 1\n'));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let i = 0; i < 200; i++) parser.push(chunk);
    parser.push(Buffer.from('\nb 2\n'));
    const s = parser.end();
    assert.equal(s.errorCount, 1);
    assert.equal(s.series, 2);
    assert.equal(s.bytes, 4 + 200 * chunk.length + 5);
  });

  it('summary() leaves the partial line out; end() parses it and freezes', () => {
    const parser = createExpositionParser();
    parser.push(Buffer.from('a 1\nb 2'));
    assert.equal(parser.summary().series, 1);
    assert.equal(parser.end().series, 2);
    parser.push(Buffer.from('\nc 3\n'));
    assert.equal(parser.end().series, 2);
  });

  it('combines per-selector summaries', () => {
    const a = parseExposition('up{job="a"} 1 10\nup{job="b"} 1 20\n');
    const b = parseExposition('x{long="abcdef"} 1 5\nbad\n');
    const c = combineSummaries([a, b]);
    assert.equal(c.series, 3);
    assert.deepEqual(c.seriesByMetric, { up: 2, x: 1 });
    assert.equal(c.metricNames, 2);
    assert.equal(c.minTimestampMs, 5);
    assert.equal(c.maxTimestampMs, 20);
    assert.equal(c.maxLabelValueLength, 6);
    assert.equal(c.maxLabelValueLabel, 'long');
    assert.deepEqual(c.errors, [{ line: 2, message: 'sample has no value', excerpt: 'bad', part: 1 }]);
    assert.equal(c.bytes, a.bytes + b.bytes);
  });
});
