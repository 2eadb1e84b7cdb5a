import * as assert from 'node:assert/strict';
import { restrictConfiguration } from '../../../client/src/trust';

describe('restrictConfiguration', () => {
  const settings = { prometheusVersion: '2', live: { enabled: true, targets: { a: 'h:1' }, timeoutMs: 5 } };
  const rows: { title: string; section: string | undefined; value: unknown; trusted: boolean; expected: unknown }[] = [
    { title: 'trusted: unchanged', section: 'promfed', value: settings, trusted: true, expected: settings },
    {
      title: 'section promfed',
      section: 'promfed',
      value: settings,
      trusted: false,
      expected: { prometheusVersion: '2', live: { enabled: false, targets: { a: 'h:1' }, timeoutMs: 5 } },
    },
    { title: 'section promfed without live', section: 'promfed', value: { rules: {} }, trusted: false, expected: { rules: {}, live: { enabled: false } } },
    { title: 'section promfed, null value', section: 'promfed', value: null, trusted: false, expected: { live: { enabled: false } } },
    { title: 'section promfed.live', section: 'promfed.live', value: { enabled: true, timeoutMs: 5 }, trusted: false, expected: { enabled: false, timeoutMs: 5 } },
    { title: 'section promfed.live.enabled', section: 'promfed.live.enabled', value: true, trusted: false, expected: false },
    { title: 'other sections untouched', section: 'editor', value: { tabSize: 2 }, trusted: false, expected: { tabSize: 2 } },
    { title: 'whole configuration', section: undefined, value: { promfed: { live: { enabled: true } } }, trusted: false, expected: { promfed: { live: { enabled: false } } } },
  ];
  for (const row of rows) it(row.title, () => assert.deepEqual(restrictConfiguration(row.section, row.value, row.trusted), row.expected));

  it('does not modify what it was given', () => {
    const value = { live: { enabled: true } };
    restrictConfiguration('promfed', value, false);
    assert.equal(value.live.enabled, true);
  });
});
