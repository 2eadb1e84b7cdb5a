/** Types shared by the whole language service. No LSP transport here, only plain data. */
import type { PromVersion } from './schema/types';

export type { PromVersion };

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** Where a finding points: a half-open range of string offsets into the document text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface RelatedSpan extends Span {
  readonly message: string;
}

/**
 * What a rule reports, before severity policy and before offsets become ranges. `data` carries what a code
 * action needs to fix it; actions never read `message`.
 */
export interface Finding extends Span {
  readonly code: string;
  readonly message: string;
  readonly related?: readonly RelatedSpan[];
  readonly data?: Record<string, unknown>;
  /** Marks text that is unused or deprecated (LSP diagnostic tags). */
  readonly tags?: readonly ('unnecessary' | 'deprecated')[];
}

/** Settings as the service sees them, already sanitised (see settings.ts). */
export interface ServiceSettings {
  readonly prometheusVersion: PromVersion;
  /** Per-rule severity overrides, keyed by rule code. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}
