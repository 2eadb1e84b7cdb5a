/** The shapes every code action shares: what it targets, what it proposes, and what it may read. */
import type { ConfigModel } from '../model';
import type { LineIndex } from '../ranges';
import type { TextEdit as OffsetEdit } from '../repair';
import type { Settings } from '../settings';

export type { OffsetEdit };

/** A diagnostic as an action sees it: its code, its offsets in the current text, and its `data`. */
export interface Target {
  readonly code: string;
  readonly start: number;
  readonly end: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** One proposed fix, as offset edits into the current text. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
  readonly preferred?: boolean;
  /** Included in `source.fixAll.promfed` (no choice to make, nothing lost). */
  readonly safe: boolean;
  /**
   * Keys this fix adds to a mapping (a new entry, or a rename onto that key). Fix-all takes no two fixes that add
   * the same key to one mapping: each alone is right, both make a duplicate key.
   */
  readonly adds?: readonly KeyClaim[];
}

/** A key in one mapping of the current model (compared by node identity). */
export interface KeyClaim {
  readonly map: object;
  readonly key: string;
}

/** Everything an action may read: the model of the current version, never the diagnostic's message. */
export interface ActionContext {
  readonly model: ConfigModel;
  readonly text: string;
  readonly lines: LineIndex;
  /** The document's line break (`\n` or `\r\n`). */
  readonly eol: string;
  /** The document's indentation step. */
  readonly unit: number;
  readonly settings: Settings;
  /**
   * Job names already handed out by earlier fixes of the same batch (fix-all), so two renames never pick the
   * same name. Absent for a single quick fix.
   */
  readonly claimedNames?: Set<string>;
}

/** One quick fix provider: the diagnostic codes it answers and the fixes it proposes for one diagnostic. */
export interface QuickFixProvider {
  readonly codes: readonly string[];
  provide(ctx: ActionContext, target: Target): Fix[];
}
