import * as assert from 'node:assert/strict';
import { parseBytes, parseDuration } from '../../server/src/service/values';

describe('durations and sizes', () => {
  // prometheus/common model/time.go ParseDuration and alecthomas/units ParseBase2Bytes.
  const durations: [string, number | undefined][] = [
    ['30s', 30_000], ['1m30s', 90_000], ['1h', 3_600_000], ['2w', 14 * 86_400_000], ['1y', 365 * 86_400_000], ['10ms', 10], ['0', 0],
    ['', undefined], ['1.5s', undefined], ['30m1h', undefined], ['5', undefined], ['1s1s', undefined], [' 30s', undefined],
  ];
  const sizes: [string, number | undefined][] = [
    ['64MB', 64 * 1024 ** 2], ['1GiB', 1024 ** 3], ['1.5KB', 1536], ['0', 0], ['512B', 512], ['', undefined], ['10XB', undefined], ['MB', undefined],
  ];
  const bytes = (text: string) => {
    const r = parseBytes(text);
    return 'bytes' in r ? r.bytes : undefined;
  };

  it('parse as Prometheus does, the same on every call', () => {
    for (let round = 0; round < 2; round++) {
      for (const [text, ms] of durations) assert.equal(parseDuration(text), ms, `duration ${JSON.stringify(text)}, round ${round}`);
      for (const [text, n] of sizes) assert.equal(bytes(text), n, `size ${JSON.stringify(text)}, round ${round}`);
    }
  });

  it('stay right past the number of texts whose results are kept, and for long texts', () => {
    for (let i = 0; i < 2000; i++) {
      assert.equal(parseDuration(`${i}s`), i * 1000);
      assert.equal(bytes(`${i}KB`), i * 1024);
    }
    for (const [text, ms] of durations) assert.equal(parseDuration(text), ms, text);
    assert.equal(parseDuration('1'.repeat(40) + 's'), undefined, 'more than an int64 of nanoseconds');
    assert.equal(parseDuration('0'.repeat(30) + '1s'), 1000);
    assert.ok('error' in parseBytes('1'.repeat(30) + 'QB'));
  });

  it('share a size as a frozen object', () => {
    assert.ok(Object.isFrozen(parseBytes('64MB')));
  });
});
