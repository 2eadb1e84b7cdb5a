/** The hostile-input guards of limits.ts and aliases.ts, found once per parse in document.ts. */
import type { Rule } from './rule';

export const limitsRule: Rule = {
  meta: [
    { code: 'alias-limit', severity: 'warning', title: 'YAML aliases that expand without bound (an "alias bomb"); the file is not checked further' },
    { code: 'input-limit', severity: 'info', title: 'A file too large, with too long a line or too deeply nested to analyse; says so instead' },
  ],
  check: (model) => [...model.document.limits],
};
