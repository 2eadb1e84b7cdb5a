/**
 * Offsets inside, ranges at one edge: every conversion between string offsets (UTF-16 code units, as LSP
 * counts) and line/character positions happens here.
 */
import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Whether the text has a CR that no LF follows: a line break to LSP and to the `yaml` package, which the job-by-job
 * path does not read as one. A text with CRLF line ends has 150 000 CRs in 5 MB; indexOf finds them ~2x faster than
 * a regex look-ahead.
 */
export function hasLoneCr(text: string): boolean {
  for (let cr = text.indexOf('\r'); cr >= 0; cr = text.indexOf('\r', cr + 1)) if (text.charCodeAt(cr + 1) !== 10) return true;
  return false;
}

/**
 * Where the content of the line from `at` to `nl` (its LF, or the text's end) ends: before the CR of a CRLF. The job
 * split, its patch around an edit, the fast parser and the input guard read lines this way.
 */
export function lineContentEnd(text: string, at: number, nl: number): number {
  return nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

/** Line starts of a text; `\n`, `\r\n` and a lone `\r` each end a line, as LSP says. */
export class LineIndex {
  private readonly starts: number[];

  /** `starts`: the line starts, when the caller already has them (see lineStartsOf). */
  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    if (starts) {
      this.starts = starts;
      return;
    }
    starts = [0];
    if (!text.includes('\r')) {
      LineIndex.pushLineStarts(text, 0, text.length, 0, starts);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /** Appends to `out` the offsets (plus `base`) just after each line break in text[from, to); `\n` only. */
  static pushLineStarts(text: string, from: number, to: number, base: number, out: number[]): void {
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) out.push(i + 1 + base);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of the first character of `line` (0-based); clamps past the end. */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    return this.starts[line];
  }

  /** Offset just past the last character of `line`, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.max(end, this.starts[line]);
  }

  /** The text's line break, the first one found: what a new line should end with. `\n` when there is none. */
  lineBreak(): string {
    if (this.starts.length < 2) return '\n';
    const end = this.starts[1];
    return this.text.slice(this.text.charCodeAt(end - 2) === 13 ? end - 2 : end - 1, end);
  }

  /** 0-based line of an offset. */
  lineAt(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: Math.min(clamped, this.lineEnd(line)) - this.starts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }
}
