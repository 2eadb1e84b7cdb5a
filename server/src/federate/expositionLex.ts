/** Byte-level helpers of the exposition parser: character classes, quoted strings, numbers. */

/** A line the parser rejects; caught per line and turned into an ExpositionError. */
export class LineError extends Error {}

export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const TAB = 0x09;
export const HASH = 0x23;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const EQUALS = 0x3d;
export const COMMA = 0x2c;

// Character classes as lookup tables: 1 = may start, 2 = may continue.
export const METRIC_CHAR = new Uint8Array(256);
export const LABEL_CHAR = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  const digit = c >= 0x30 && c <= 0x39;
  LABEL_CHAR[c] = letter ? 3 : digit ? 2 : 0;
  METRIC_CHAR[c] = letter || c === 0x3a ? 3 : digit ? 2 : 0;
}

export function skipBlanks(buf: Buffer, p: number, end: number): number {
  while (p < end && (buf[p] === SPACE || buf[p] === TAB)) p++;
  return p;
}

/** Side results of the last {@link skipQuoted} call; a shared scratch record saves an allocation per label. */
export const quoted = { length: 0, highBytes: false };

/**
 * Scans a quoted string starting at the opening quote and returns the offset after the closing quote.
 * Sets `quoted.length` (unescaped length in bytes) and `quoted.highBytes` (non-ASCII seen).
 */
export function skipQuoted(buf: Buffer, p: number, end: number): number {
  let escapes = 0;
  let highBytes = false;
  const start = p;
  for (p++; p < end; p++) {
    const c = buf[p];
    if (c === QUOTE) {
      quoted.length = p - start - 1 - escapes;
      quoted.highBytes = highBytes;
      return p + 1;
    }
    if (c === BACKSLASH) {
      if (p + 1 >= end) break;
      const next = buf[p + 1];
      // Prometheus' lexer (promlex.l) accepts any escape but unescapes only these three; others keep both bytes.
      if (next === BACKSLASH || next === QUOTE || next === 0x6e) escapes++;
      p++;
    } else if (c >= 0x80) {
      highBytes = true;
    }
  }
  throw new LineError('unterminated quoted string');
}

export function unescape(buf: Buffer, start: number, end: number): string {
  return buf.toString('utf8', start, end).replace(/\\([\\"n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

export function isValidUtf8(buf: Buffer, start: number, end: number): boolean {
  let p = start;
  while (p < end) {
    const c = buf[p];
    if (c < 0x80) {
      p++;
      continue;
    }
    let extra: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [extra, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [extra, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [extra, min] = [3, 0x10000];
    else return false;
    if (p + extra >= end) return false;
    let cp = c & (0x3f >> extra);
    for (let i = 1; i <= extra; i++) {
      const b = buf[p + i];
      if ((b & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    p += extra + 1;
  }
  return true;
}

/** Accepts what Go's strconv.ParseFloat accepts for sample values: decimal, hex with p exponent, Inf, NaN. */
export function isFloat(buf: Buffer, start: number, end: number): boolean {
  let p = start;
  if (buf[p] === 0x2b || buf[p] === 0x2d) p++;
  if (p >= end) return false;
  const first = buf[p];
  const isDigit = first >= 0x30 && first <= 0x39;
  // Rare spellings go through a string; plain decimals (nearly every sample) are scanned as bytes.
  if ((!isDigit && first !== 0x2e) || (first === 0x30 && p + 1 < end && (buf[p + 1] | 0x20) === 0x78)) {
    const rest = buf.toString('latin1', p, end).toLowerCase();
    if (rest === 'inf' || rest === 'infinity' || rest === 'nan') return true;
    return /^0x(?:[0-9a-f_]+\.?[0-9a-f_]*|\.[0-9a-f_]+)(?:p[+-]?\d+)?$/.test(rest);
  }
  let digits = 0;
  while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) {
    p++;
    digits++;
  }
  if (p < end && buf[p] === 0x2e) {
    p++;
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) {
      p++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    p++;
    if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) p++;
    const expStart = p;
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) p++;
    if (p === expStart) return false;
  }
  return p === end;
}

/** An int64 millisecond timestamp as strconv.ParseInt reads it; null when malformed. */
export function parseTimestamp(buf: Buffer, start: number, end: number): number | null {
  let p = start;
  let sign = 1;
  if (buf[p] === 0x2d || buf[p] === 0x2b) {
    if (buf[p] === 0x2d) sign = -1;
    p++;
  }
  if (p >= end || end - p > 19) return null;
  let value = 0;
  for (; p < end; p++) {
    const d = buf[p] - 0x30;
    if (d < 0 || d > 9) return null;
    value = value * 10 + d;
  }
  return sign * value;
}

export function describeByte(c: number | undefined): string {
  if (c === undefined) return 'end of line';
  if (c >= 0x21 && c < 0x7f) return `"${String.fromCharCode(c)}"`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

export function excerptOf(buf: Buffer, start: number, end: number): string {
  // Control characters would garble a hover; show them as U+FFFD.
  return buf.toString('utf8', start, Math.min(end, start + 80)).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd');
}

