/** Value grammars Prometheus applies to config strings: durations and byte sizes. */

const DURATION_UNITS: readonly [string, number][] = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];

// Mirrors prometheus/common model/time.go ParseDuration: units in descending order, each at most once.
const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * `parse` with its results kept by text: a config writes a handful of durations and sizes thousands of times. At most
 * MEMO_SIZE texts, each shorter than 13 characters: V8 copies such a substring, where a longer one may be a view that
 * would keep a whole version of the document alive.
 */
function memoized<T>(parse: (text: string) => T): (text: string) => T {
  const known = new Map<string, { readonly result: T }>();
  return (text) => {
    if (text.length > 12) return parse(text);
    let hit = known.get(text);
    if (!hit) {
      if (known.size >= MEMO_SIZE) known.clear();
      known.set(text, (hit = { result: parse(text) }));
    }
    return hit.result;
  };
}

const MEMO_SIZE = 512;

/** Milliseconds, or undefined when Prometheus would answer `not a valid duration string`. */
export const parseDuration: (text: string) => number | undefined = memoized(durationMs);

function durationMs(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = DURATION_RE.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (let i = 0; i < DURATION_UNITS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) total += Number(part) * DURATION_UNITS[i][1];
  }
  // model.Duration is an int64 of nanoseconds.
  if (total * 1e6 > 9.223372036854776e18) return undefined;
  return total;
}

/** Renders milliseconds the way Prometheus prints a model.Duration (`1m30s`, `10s`, `0s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

// Mirrors alecthomas/units ParseBase2Bytes: an integer and a unit from the base-2 table (KB = KiB = 1024).
const BYTE_UNITS: Record<string, number> = {
  B: 1,
  KB: 1024, KiB: 1024, MB: 1024 ** 2, MiB: 1024 ** 2, GB: 1024 ** 3, GiB: 1024 ** 3,
  TB: 1024 ** 4, TiB: 1024 ** 4, PB: 1024 ** 5, PiB: 1024 ** 5, EB: 1024 ** 6, EiB: 1024 ** 6,
};

export type BytesResult = { bytes: number } | { error: string };

/** Parses a byte size such as `100MB`, `1.5GiB` or `0`; the error carries Prometheus' wording. The result is shared: frozen. */
export const parseBytes: (text: string) => BytesResult = memoized((text) => Object.freeze(bytesOf(text)));

function bytesOf(text: string): BytesResult {
  // Mirrors alecthomas/units ParseUnit: a sequence of <decimal><unit>, like time.ParseDuration.
  if (text === '0') return { bytes: 0 };
  if (text === '') return { error: 'units: invalid ' };
  let rest = text;
  let total = 0;
  while (rest !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(rest);
    if (!num || (num[1] === '' && (num[2] === undefined || num[2] === ''))) return { error: `units: invalid ${text}` };
    rest = rest.slice(num[0].length);
    const unitMatch = /^[^0-9.]*/.exec(rest);
    const unit = unitMatch ? unitMatch[0] : '';
    rest = rest.slice(unit.length);
    const size = BYTE_UNITS[unit];
    if (size === undefined) return { error: `units: unknown unit ${unit} in ${text}` };
    total += Number(num[0]) * size;
  }
  return { bytes: Math.floor(total) };
}

/** The error Prometheus gives for a duration string, or undefined when it is valid. */
export function durationError(text: string): string | undefined {
  if (text === '') return 'empty duration string';
  return parseDuration(text) === undefined ? `not a valid duration string: "${text}"` : undefined;
}
