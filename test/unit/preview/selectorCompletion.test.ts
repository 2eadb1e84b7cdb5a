/** Where the cursor is inside a selector, and how a completed value is escaped for PromQL and YAML. */
import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../server/src/service';
import { analyzeSelectorCompletion, escapeValue, selectorStateAt } from '../../../server/src/service/selectorCompletion';
import { sanitizeSettings } from '../../../server/src/service/settings';

describe('preview: selector completion context', () => {
  const rows: [string, ReturnType<typeof selectorStateAt>][] = [
    ['', { kind: 'metric', prefix: '' }],
    ['go_gor', { kind: 'metric', prefix: 'go_gor' }],
    ['up{', { kind: 'label-name', prefix: '' }],
    ['up{ins', { kind: 'label-name', prefix: 'ins' }],
    ['{job="a", inst', { kind: 'label-name', prefix: 'inst' }],
    ['up{job="pro', { kind: 'label-value', label: 'job', prefix: 'pro', quote: '"' }],
    ["up{job=~'a\\'b", { kind: 'label-value', label: 'job', prefix: "a'b", quote: "'" }],
    ['up{job != `x', { kind: 'label-value', label: 'job', prefix: 'x', quote: '`' }],
    ['up{job=', undefined],
    ['up{job="a"}', undefined],
    ['up{job="a"} ', undefined],
    ['rate(', undefined],
  ];
  for (const [text, expected] of rows) it(JSON.stringify(text), () => assert.deepEqual(selectorStateAt(text), expected));

  it('maps the cursor through YAML quoting to the prefix span', () => {
    const text = `scrape_configs:\n  - job_name: f\n    metrics_path: /federate\n    params:\n      match[]:\n        - "up{job=\\"pro"\n`;
    const model = parseConfig(text).model;
    const offset = text.indexOf('pro"') + 3;
    const ctx = analyzeSelectorCompletion(model, offset, sanitizeSettings({}).live)!;
    assert.equal(ctx.kind, 'label-value');
    assert.equal(ctx.yamlStyle, 'double');
    assert.equal(text.slice(ctx.replace.start, ctx.replace.end), 'pro');
  });

  it('escapes a value for its PromQL quote and the YAML scalar', () => {
    assert.equal(escapeValue(`a"b'c\\`, { quote: '"', yamlStyle: 'single' }), `a\\"b''c\\\\`);
    assert.equal(escapeValue('a"b', { quote: '"', yamlStyle: 'double' }), 'a\\\\\\"b');
    assert.equal(escapeValue('plain', { quote: '"', yamlStyle: 'plain' }), 'plain');
  });
});
