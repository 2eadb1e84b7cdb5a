/**
 * Streaming parser of the Prometheus text exposition format 0.0.4 (what `/federate` returns).
 *
 * It consumes the body chunk by chunk and keeps only a summary and at most one partial line (capped in length),
 * so a body of any size runs in bounded memory. Broken input becomes entries in `errors`, never an exception.
 * Follows the grammar of prometheus/common expfmt (text_parse.go) and Prometheus' model/textparse/promlex.l.
 */

import {
  COMMA, CR, EQUALS, HASH, LABEL_CHAR, LBRACE, LF, LineError, METRIC_CHAR, QUOTE, RBRACE, SPACE, TAB,
  describeByte, excerptOf, isFloat, isValidUtf8, parseTimestamp, quoted, skipBlanks, skipQuoted, unescape,
} from './expositionLex';
import { type ExpositionError, type ExpositionSummary, topOf } from './summary';

export { combineSummaries, type ExpositionError, type ExpositionSummary, type MetricCount } from './summary';

/** Tuning knobs; every field has a default. */
export interface ExpositionParserOptions {
  /** Longest accepted line in bytes (without the newline). Longer lines are an error and are skipped. Default 1 MiB. */
  readonly maxLineBytes?: number;
  /** How many lines (comments included) to keep verbatim for a preview. Default 20. */
  readonly previewLines?: number;
  /** Preview lines longer than this many characters are cut and end with "…". Default 300. */
  readonly previewLineChars?: number;
  /** How many errors to keep with their line numbers; later ones are only counted. Default 5. */
  readonly maxErrors?: number;
  /** Stop parsing after this many errors (the body is then garbage, not exposition). Default 100. */
  readonly giveUpAfterErrors?: number;
  /** Length of `topMetrics`. Default 10. */
  readonly topN?: number;
  /** At most this many distinct metric names are tracked; beyond, `metricNamesCapped` is set. Default 100 000. */
  readonly maxTrackedMetricNames?: number;
}

/** A push parser: feed chunks, then call `end()` once. */
export interface ExpositionParser {
  /** Feeds the next chunk of the body. Chunks may split lines (and UTF-8 characters) anywhere. */
  push(chunk: Uint8Array): void;
  /** Parses the final unterminated line, if any, and returns the summary. Further pushes are ignored. */
  end(): ExpositionSummary;
  /** The summary so far, without the pending partial line (use when the body was cut off). */
  summary(): ExpositionSummary;
  /** True once the parser gave up on garbage; callers may stop reading. */
  readonly gaveUp: boolean;
}

const KNOWN_TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped', 'gaugehistogram', 'unknown', 'info', 'stateset']);

const DEFAULTS = {
  maxLineBytes: 1024 * 1024,
  previewLines: 20,
  previewLineChars: 300,
  maxErrors: 5,
  giveUpAfterErrors: 100,
  topN: 10,
  maxTrackedMetricNames: 100_000,
};

/** Creates a streaming parser; see {@link ExpositionParserOptions} for the limits. */
export function createExpositionParser(options: ExpositionParserOptions = {}): ExpositionParser {
  return new StreamingParser({ ...DEFAULTS, ...stripUndefined(options) });
}

/** Parses a whole body given as one buffer or as chunks. Convenience for tests and recorded bodies. */
export function parseExposition(body: Uint8Array | string | Iterable<Uint8Array>, options?: ExpositionParserOptions): ExpositionSummary {
  const parser = createExpositionParser(options);
  if (typeof body === 'string') parser.push(Buffer.from(body, 'utf8'));
  else if (body instanceof Uint8Array) parser.push(body);
  else for (const chunk of body) parser.push(chunk);
  return parser.end();
}

type Limits = typeof DEFAULTS;

class StreamingParser implements ExpositionParser {
  private partial: Buffer = Buffer.alloc(0);
  private partialLength = 0;
  /** Inside an over-long line: drop bytes until the next newline. */
  private skipping = false;
  private ended = false;
  private finalSummary: ExpositionSummary | null = null;

  private bytes = 0;
  private lineNo = 0;
  private series = 0;
  private readonly counts = new Map<string, number>();
  private metricNamesCapped = false;
  private lastName = Buffer.alloc(256);
  private lastNameLength = -1;
  private lastNameKey = '';
  private labelPairs = 0;
  private maxLabels = 0;
  private maxLabelsMetric: string | null = null;
  private maxLabelName = 0;
  private maxLabelValue = 0;
  private maxLabelValueLabel: string | null = null;
  private withTimestamp = 0;
  private minTs = Infinity;
  private maxTs = -Infinity;
  private readonly types: Record<string, number> = {};
  private crlf = false;
  private missingFinalNewline = false;
  private readonly preview: string[] = [];
  private errorCount = 0;
  private readonly errors: ExpositionError[] = [];
  private stopped = false;
  /** Start/end offsets of the label names of the current line, for the duplicate check. */
  private labelSpans = new Int32Array(64);

  constructor(private readonly limits: Limits) {}

  get gaveUp(): boolean {
    return this.stopped;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.bytes += chunk.length;
    if (this.stopped) return;
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const max = this.limits.maxLineBytes;
    let pos = 0;
    if (this.skipping) {
      const nl = buf.indexOf(LF);
      if (nl < 0) return;
      this.skipping = false;
      pos = nl + 1;
    }
    if (this.partialLength > 0 && pos < buf.length) {
      const nl = buf.indexOf(LF, pos);
      const end = nl < 0 ? buf.length : nl;
      if (this.partialLength + (end - pos) > max) {
        this.partialLength = 0;
        this.overlong();
        if (nl < 0) {
          this.skipping = true;
          return;
        }
      } else {
        this.appendPartial(buf, pos, end);
        if (nl < 0) return;
        const line = this.partial;
        const length = this.partialLength;
        this.partialLength = 0;
        this.line(line, 0, length);
      }
      pos = nl + 1;
    }
    while (pos < buf.length && !this.stopped) {
      const nl = buf.indexOf(LF, pos);
      if (nl < 0) break;
      if (nl - pos > max) this.overlong();
      else this.line(buf, pos, nl);
      pos = nl + 1;
    }
    if (pos < buf.length && !this.stopped) {
      if (buf.length - pos > max) {
        this.overlong();
        this.skipping = true;
      } else {
        this.appendPartial(buf, pos, buf.length);
      }
    }
  }

  end(): ExpositionSummary {
    if (this.finalSummary) return this.finalSummary;
    this.ended = true;
    if (!this.stopped && (this.partialLength > 0 || this.skipping)) {
      this.missingFinalNewline = true;
      if (this.partialLength > 0) {
        const length = this.partialLength;
        this.partialLength = 0;
        this.line(this.partial, 0, length);
      }
    }
    this.finalSummary = this.summary();
    return this.finalSummary;
  }

  summary(): ExpositionSummary {
    const seriesByMetric: Record<string, number> = {};
    const entries = [...this.counts.entries()];
    for (const [name, n] of entries) seriesByMetric[name] = n;
    return {
      bytes: this.bytes,
      lines: this.lineNo,
      series: this.series,
      metricNames: this.counts.size,
      metricNamesCapped: this.metricNamesCapped,
      topMetrics: topOf(entries, this.limits.topN),
      seriesByMetric,
      labelPairs: this.labelPairs,
      maxLabelsPerSeries: this.maxLabels,
      maxLabelsMetric: this.maxLabelsMetric,
      maxLabelNameLength: this.maxLabelName,
      maxLabelValueLength: this.maxLabelValue,
      maxLabelValueLabel: this.maxLabelValueLabel,
      samplesWithTimestamp: this.withTimestamp,
      minTimestampMs: this.withTimestamp > 0 ? this.minTs : null,
      maxTimestampMs: this.withTimestamp > 0 ? this.maxTs : null,
      types: { ...this.types },
      crlf: this.crlf,
      missingFinalNewline: this.missingFinalNewline,
      preview: [...this.preview],
      errorCount: this.errorCount,
      errors: [...this.errors],
      gaveUp: this.stopped,
    };
  }

  private appendPartial(buf: Buffer, start: number, end: number): void {
    const need = this.partialLength + (end - start);
    if (need > this.partial.length) {
      const grown = Buffer.allocUnsafe(Math.min(Math.max(need, this.partial.length * 2, 4096), this.limits.maxLineBytes));
      this.partial.copy(grown, 0, 0, this.partialLength);
      this.partial = grown;
    }
    buf.copy(this.partial, this.partialLength, start, end);
    this.partialLength = need;
  }

  private overlong(): void {
    this.lineNo++;
    this.addPreview('… (line too long)');
    this.error(`line is longer than ${this.limits.maxLineBytes} bytes`, '');
    // A first line that long is not exposition format; stop instead of scanning the rest.
    if (this.series === 0) this.stopped = true;
  }

  private error(message: string, excerpt: string): void {
    this.errorCount++;
    if (this.errors.length < this.limits.maxErrors) this.errors.push({ line: this.lineNo, message, excerpt });
    if (this.errorCount >= this.limits.giveUpAfterErrors) this.stopped = true;
  }

  private addPreview(text: string): void {
    if (this.preview.length < this.limits.previewLines) this.preview.push(text);
  }

  private line(buf: Buffer, start: number, end: number): void {
    this.lineNo++;
    if (end > start && buf[end - 1] === CR) {
      end--;
      this.crlf = true;
    }
    if (this.preview.length < this.limits.previewLines) {
      const cap = this.limits.previewLineChars;
      const text = buf.toString('utf8', start, Math.min(end, start + cap * 4));
      this.addPreview(text.length > cap ? `${text.slice(0, cap)}…` : text);
    }
    let p = start;
    while (p < end && (buf[p] === SPACE || buf[p] === TAB)) p++;
    if (p === end) return;
    try {
      if (buf[p] === HASH) this.comment(buf, p + 1, end);
      else this.sample(buf, p, end);
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      this.error(e.message, excerptOf(buf, start, end));
    }
  }

  private comment(buf: Buffer, p: number, end: number): void {
    p = skipBlanks(buf, p, end);
    const wordStart = p;
    while (p < end && buf[p] !== SPACE && buf[p] !== TAB) p++;
    const word = buf.toString('latin1', wordStart, p);
    if (word !== 'TYPE' && word !== 'HELP') return;
    p = skipBlanks(buf, p, end);
    if (p < end && buf[p] === QUOTE) p = skipQuoted(buf, p, end);
    else if (p < end && METRIC_CHAR[buf[p]] & 1) while (p < end && METRIC_CHAR[buf[p]] & 2) p++;
    else throw new LineError(`# ${word} needs a metric name`);
    if (word === 'HELP') return;
    if (p < end && buf[p] !== SPACE && buf[p] !== TAB) throw new LineError('invalid metric name in # TYPE');
    p = skipBlanks(buf, p, end);
    const typeStart = p;
    while (p < end && buf[p] !== SPACE && buf[p] !== TAB) p++;
    const type = buf.toString('latin1', typeStart, p);
    if (skipBlanks(buf, p, end) !== end) throw new LineError('unexpected text after the type in # TYPE');
    if (!KNOWN_TYPES.has(type)) throw new LineError(type ? `unknown metric type "${type}"` : '# TYPE needs a type');
    this.types[type] = (this.types[type] ?? 0) + 1;
  }

  private sample(buf: Buffer, p: number, end: number): void {
    let nameStart = -1;
    let nameEnd = -1;
    let quotedName: string | null = null;
    if (METRIC_CHAR[buf[p]] & 1) {
      nameStart = p;
      while (p < end && METRIC_CHAR[buf[p]] & 2) p++;
      nameEnd = p;
    } else if (buf[p] !== LBRACE) {
      throw new LineError(`expected a metric name, found ${describeByte(buf[p])}`);
    }
    let labels = 0;
    const afterName = skipBlanks(buf, p, end);
    if (afterName < end && buf[afterName] === LBRACE) {
      p = afterName;
      p++;
      for (;;) {
        p = skipBlanks(buf, p, end);
        if (p >= end) throw new LineError('unterminated label set: missing "}"');
        if (buf[p] === RBRACE) {
          p++;
          break;
        }
        let lnStart: number;
        let lnEnd: number;
        let lnLength: number;
        if (buf[p] === QUOTE) {
          const after = skipQuoted(buf, p, end);
          lnStart = p + 1;
          lnEnd = after - 1;
          lnLength = quoted.length;
          p = skipBlanks(buf, after, end);
          if (p < end && (buf[p] === COMMA || buf[p] === RBRACE)) {
            // A lone quoted string inside the braces is a UTF-8 metric name (Prometheus 3.x).
            if (nameStart >= 0 || quotedName !== null) throw new LineError('metric name given twice');
            quotedName = unescape(buf, lnStart, lnEnd);
            if (buf[p] === COMMA) p++;
            continue;
          }
        } else if (LABEL_CHAR[buf[p]] & 1) {
          lnStart = p;
          while (p < end && LABEL_CHAR[buf[p]] & 2) p++;
          lnEnd = p;
          lnLength = lnEnd - lnStart;
          p = skipBlanks(buf, p, end);
        } else {
          throw new LineError(`expected a label name, found ${describeByte(buf[p])}`);
        }
        if (p >= end || buf[p] !== EQUALS) throw new LineError(`expected "=" after label name "${excerptOf(buf, lnStart, lnEnd)}"`);
        p = skipBlanks(buf, p + 1, end);
        if (p >= end || buf[p] !== QUOTE) throw new LineError('expected a quoted label value');
        const valueEnd = skipQuoted(buf, p, end);
        const valueLength = quoted.length;
        if (quoted.highBytes && !isValidUtf8(buf, p + 1, valueEnd - 1)) throw new LineError('label value is not valid UTF-8');
        this.checkDuplicate(buf, labels, lnStart, lnEnd);
        labels++;
        if (lnLength > this.maxLabelName) this.maxLabelName = lnLength;
        if (valueLength > this.maxLabelValue) {
          this.maxLabelValue = valueLength;
          this.maxLabelValueLabel = unescape(buf, lnStart, lnEnd);
        }
        p = skipBlanks(buf, valueEnd, end);
        if (p < end && buf[p] === COMMA) p++;
        else if (p >= end || buf[p] !== RBRACE) throw new LineError('expected "," or "}" after a label value');
      }
    }
    if (nameStart < 0 && quotedName === null) throw new LineError('sample has no metric name');
    if (p >= end) throw new LineError('sample has no value');
    if (buf[p] !== SPACE && buf[p] !== TAB) {
      throw new LineError(buf[p - 1] === RBRACE ? `expected a blank after "}", found ${describeByte(buf[p])}` : `invalid character ${describeByte(buf[p])} in metric name`);
    }
    p = skipBlanks(buf, p, end);
    const valueStart = p;
    while (p < end && buf[p] !== SPACE && buf[p] !== TAB) p++;
    if (valueStart === p) throw new LineError('sample has no value');
    if (!isFloat(buf, valueStart, p)) throw new LineError(`invalid sample value "${excerptOf(buf, valueStart, p)}"`);
    p = skipBlanks(buf, p, end);
    let timestamp: number | null = null;
    if (p < end) {
      const tsStart = p;
      while (p < end && buf[p] !== SPACE && buf[p] !== TAB) p++;
      timestamp = parseTimestamp(buf, tsStart, p);
      if (timestamp === null) throw new LineError(`invalid timestamp "${excerptOf(buf, tsStart, p)}"`);
      if (skipBlanks(buf, p, end) !== end) throw new LineError('unexpected text after the timestamp');
    }

    this.series++;
    this.labelPairs += labels;
    const name = quotedName ?? this.nameKey(buf, nameStart, nameEnd);
    if (labels > this.maxLabels) {
      this.maxLabels = labels;
      this.maxLabelsMetric = name;
    }
    const seen = this.counts.get(name);
    if (seen !== undefined) this.counts.set(name, seen + 1);
    else if (this.counts.size < this.limits.maxTrackedMetricNames) this.counts.set(name, 1);
    else this.metricNamesCapped = true;
    if (timestamp !== null) {
      this.withTimestamp++;
      if (timestamp < this.minTs) this.minTs = timestamp;
      if (timestamp > this.maxTs) this.maxTs = timestamp;
    }
  }

  /** The metric name as a string; /federate groups series by name, so the previous name is reused without decoding. */
  private nameKey(buf: Buffer, start: number, end: number): string {
    const length = end - start;
    if (length === this.lastNameLength) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (buf[start + i] !== this.lastName[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastNameKey;
    }
    if (length > this.lastName.length) this.lastName = Buffer.allocUnsafe(length);
    buf.copy(this.lastName, 0, start, end);
    this.lastNameLength = length;
    this.lastNameKey = buf.toString('latin1', start, end);
    return this.lastNameKey;
  }

  private checkDuplicate(buf: Buffer, count: number, start: number, end: number): void {
    if (count * 2 + 2 > this.labelSpans.length) {
      const grown = new Int32Array(this.labelSpans.length * 2);
      grown.set(this.labelSpans);
      this.labelSpans = grown;
    }
    const length = end - start;
    for (let i = 0; i < count; i++) {
      const s = this.labelSpans[i * 2];
      if (this.labelSpans[i * 2 + 1] - s !== length) continue;
      let same = true;
      for (let j = 0; j < length; j++) {
        if (buf[s + j] !== buf[start + j]) {
          same = false;
          break;
        }
      }
      if (same) throw new LineError(`label "${unescape(buf, start, end)}" appears twice`);
    }
    this.labelSpans[count * 2] = start;
    this.labelSpans[count * 2 + 1] = end;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
