/**
 * One relabeling rule: relabel_configs, metric_relabel_configs, write_relabel_configs, alert_relabel_configs.
 */
// Mirrors prometheus/prometheus model/relabel/relabel.go (pkg/relabel before 2.31).
import { INT, LABEL_NAME, LABEL_NAMES, STRING, block, field, oneOf } from './build';
import type { BlockSchema } from './types';

/** Actions Prometheus accepts, in any letter case (relabel.Action.UnmarshalYAML lowercases). */
export const RELABEL_ACTIONS: readonly string[] = [
  'replace',
  'keep',
  'drop',
  'keepequal',
  'dropequal',
  'hashmod',
  'labelmap',
  'labeldrop',
  'labelkeep',
  'lowercase',
  'uppercase',
];

export const RELABEL_CONFIG: BlockSchema = block(
  'relabel.plain',
  'relabel config',
  [
    field('source_labels', LABEL_NAMES, 'Labels whose values are joined with `separator` and matched against `regex`.'),
    field('separator', STRING, 'String placed between the source label values.', { default: ';' }),
    field('regex', STRING, 'RE2 regular expression, anchored at both ends, matched against the joined value.', {
      default: '(.*)',
    }),
    field('modulus', INT, 'Modulus applied to the hash of the joined value (`hashmod`).'),
    field('target_label', LABEL_NAME, 'Label written by replace, hashmod, lowercase, uppercase, keepequal, dropequal.'),
    field('replacement', STRING, 'Value written to `target_label`; `$1`, `${name}` refer to regex groups.', {
      default: '$1',
    }),
    field(
      'action',
      oneOf(RELABEL_ACTIONS, true),
      'What the rule does. lowercase/uppercase need 2.36+, keepequal/dropequal 2.41+.',
      { default: 'replace' },
    ),
  ],
  { goStruct: 'relabel.Config' },
);

