/** YAML syntax errors, rejected tabs and outdented list items: found once per parse in document.ts. */
import type { Rule } from './rule';

export const syntaxRule: Rule = {
  meta: [
    { code: 'yaml-syntax', severity: 'error', title: 'YAML that Prometheus cannot parse (unterminated quotes, bad indentation, ...)' },
    { code: 'yaml-tab', severity: 'error', title: 'A tab that Prometheus\' YAML loader refuses (indentation, before "-", whitespace-only lines)' },
    { code: 'misindented-item', severity: 'error', title: 'A `- job_name:` item indented differently from the other scrape_configs items' },
  ],
  check: (model) => [...model.document.syntax],
};
