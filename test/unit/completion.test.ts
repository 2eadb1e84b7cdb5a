import * as assert from 'node:assert/strict';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { generateConfig } from '../../bench/generate';
import { parseConfig } from '../../server/src/service';
import { close, completeAt, completionContext, push, shapeOf, type Frame } from '../../server/src/service/completion';
import { parseWholeDocument } from '../../server/src/service/document';
import { buildModel } from '../../server/src/service/model';
import type { LineIndex } from '../../server/src/service/ranges';
import { corpusFiles } from './corpusFiles';

const CARET = '‸';

function complete(source: string, version: '2' | '3' = '3'): { items: CompletionItem[]; text: string; offset: number } {
  const offset = source.indexOf(CARET);
  const text = source.replace(CARET, '');
  return { items: completeAt(parseConfig(text).model, offset, version), text, offset };
}

function labels(source: string, version: '2' | '3' = '3'): string[] {
  return complete(source, version).items.map((i) => i.label);
}

/** Applies an item's text edit (single-line ranges, as completion produces). */
function apply(text: string, item: CompletionItem): string {
  const edit = item.textEdit as TextEdit;
  const lines = text.split('\n');
  const line = lines[edit.range.start.line];
  lines[edit.range.start.line] = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
  return lines.join('\n');
}

interface Row {
  readonly title: string;
  readonly text: string;
  readonly version?: '2' | '3';
  readonly has?: readonly string[];
  readonly lacks?: readonly string[];
  /** The exact label list. */
  readonly exactly?: readonly string[];
}

function completionTable(rows: readonly Row[]): void {
  for (const row of rows) {
    it(row.title, () => {
      const got = labels(row.text, row.version);
      if (row.exactly) assert.deepEqual(got, row.exactly);
      for (const l of row.has ?? []) assert.ok(got.includes(l), `missing ${l} in ${got.join(', ')}`);
      for (const l of row.lacks ?? []) assert.ok(!got.includes(l), `unexpected ${l} in ${got.join(', ')}`);
    });
  }
}

describe('completion', () => {
  completionTable([
    { title: 'job keys at a new key', text: 'scrape_configs:\n  - job_name: a\n    ‸\n', has: ['honor_labels', 'metrics_path', 'params', 'static_configs'], lacks: ['job_name', 'global'] },
    { title: 'keys already present are left out, below the cursor too', text: 'scrape_configs:\n  - job_name: a\n    hon‸\n    honor_labels: true\n', lacks: ['honor_labels', 'job_name'], has: ['honor_timestamps'] },
    { title: 'version-aware: 3.x-only key absent for 2.x', text: 'scrape_configs:\n  - job_name: a\n    ‸\n', version: '2', lacks: ['fallback_scrape_protocol'] },
    { title: 'version-aware: 3.x-only key present for 3.x', text: 'scrape_configs:\n  - job_name: a\n    ‸\n', has: ['fallback_scrape_protocol'] },
    { title: 'a new list item gets every job key', text: 'scrape_configs:\n  - job_name: a\n    honor_labels: true\n  - ‸\n', has: ['job_name', 'honor_labels'] },
    { title: 'list at the same column as its key', text: 'scrape_configs:\n- job_name: a\n  ‸\n', has: ['honor_labels'], lacks: ['job_name'] },
    { title: 'inside params: match[]', text: 'scrape_configs:\n  - job_name: fed\n    params:\n      ‸\n', exactly: ['match[]'] },
    { title: 'inside params with match[] written: nothing', text: "scrape_configs:\n  - job_name: fed\n    params:\n      match[]: ['up']\n      ‸\n", exactly: [] },
    { title: 'nested block keys', text: 'scrape_configs:\n  - job_name: a\n    basic_auth:\n      username: u\n      ‸\n', has: ['password', 'password_file'], lacks: ['username', 'job_name'] },
    { title: 'top-level keys at column 0', text: 'global:\n  scrape_interval: 15s\n‸\n', has: ['scrape_configs', 'rule_files'], lacks: ['global'] },
    { title: 'global keys', text: 'global:\n  ‸\n', has: ['scrape_interval', 'external_labels'], lacks: ['job_name'] },
    { title: 'a federate job is offered metrics_path: /federate', text: 'scrape_configs:\n  - job_name: federate-eu\n    ‸\n', has: ['metrics_path: /federate'] },
    { title: 'not for other jobs', text: 'scrape_configs:\n  - job_name: node\n    ‸\n', lacks: ['metrics_path: /federate'] },
    { title: 'not when metrics_path is written', text: 'scrape_configs:\n  - job_name: federate-eu\n    metrics_path: /x\n    ‸\n', lacks: ['metrics_path: /federate', 'metrics_path'] },
    { title: 'value of metrics_path', text: 'scrape_configs:\n  - job_name: federate-eu\n    metrics_path: /‸\n', exactly: ['/federate', '/metrics'] },
    { title: 'value of a bool key', text: 'scrape_configs:\n  - job_name: a\n    honor_labels: ‸\n', exactly: ['true', 'false'] },
    { title: 'inside a value with text after the cursor: nothing', text: 'scrape_configs:\n  - job_name: a‸b\n', exactly: [] },
    { title: 'inside a label map: nothing', text: "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1']\n        labels:\n          ‸\n", exactly: [] },
    { title: 'static_configs item keys', text: "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1']\n        ‸\n", has: ['labels'], lacks: ['targets', 'job_name'] },
  ]);

  it('replaces the typed prefix and carries docs', () => {
    const { items, text } = complete('scrape_configs:\n  - job_name: a\n    hon‸\n');
    const item = items.find((i) => i.label === 'honor_labels') as CompletionItem;
    assert.equal(apply(text, item), 'scrape_configs:\n  - job_name: a\n    honor_labels: \n');
    assert.match((item.documentation as { value: string }).value, /\*\*honor_labels\*\*/);
  });

  it('opens a block for block keys and a list for lists of blocks', () => {
    const { items, text } = complete('scrape_configs:\n  - job_name: a\n    ‸\n');
    assert.equal(apply(text, items.find((i) => i.label === 'static_configs') as CompletionItem), 'scrape_configs:\n  - job_name: a\n    static_configs:\n      - \n');
    assert.equal(apply(text, items.find((i) => i.label === 'tls_config') as CompletionItem), 'scrape_configs:\n  - job_name: a\n    tls_config:\n      \n');
  });

  it('marks deprecated keys', () => {
    const item = complete('scrape_configs:\n  - job_name: a\n    ‸\n').items.find((i) => i.label === 'bearer_token');
    assert.deepEqual(item?.tags, [1]);
  });

  it('preselects /federate in a federation-named job', () => {
    const { items, text } = complete('scrape_configs:\n  - job_name: federate-eu\n    ‸\n');
    const item = items.find((i) => i.label === 'metrics_path: /federate') as CompletionItem;
    assert.equal(item.preselect, true);
    assert.equal(apply(text, item), 'scrape_configs:\n  - job_name: federate-eu\n    metrics_path: /federate\n');
  });

  describe('on large files, reading only the lines around the cursor', () => {
    /** Where completion is asked on each line: where its key starts, and after `key: ` when it has one. */
    function cursors(text: string, lines: LineIndex): number[] {
      const out: number[] = [];
      for (let l = 0; l < lines.lineCount; l++) {
        const line = text.slice(lines.lineStart(l), lines.lineEnd(l));
        const key = /^(\s*(?:-\s+)?)([\w[\]]+\s*:\s+)?/.exec(line)!;
        out.push(lines.lineStart(l) + key[1].length);
        if (key[2]) out.push(lines.lineStart(l) + key[1].length + key[2].length);
      }
      return out;
    }

    /** The cursor's ancestors and siblings from a replay of every line of the text, as completion read them first. */
    function replayEveryLine(text: string, lines: LineIndex, offset: number): { path: Frame[]; siblings: Map<string, string> } {
      const lineNo = lines.lineAt(offset);
      const line = (l: number) => text.slice(lines.lineStart(l), lines.lineEnd(l));
      const m = /^(\s*)(?:(-)(\s+))?/.exec(text.slice(lines.lineStart(lineNo), offset))!;
      const cursor = m[2] ? { dashCol: m[1].length, keyCol: m[1].length + 1 + m[3].length } : { keyCol: m[1].length };
      const path: Frame[] = [];
      for (let l = 0; l < lineNo; l++) {
        const shape = shapeOf(line(l));
        if (shape) close(path, shape), push(path, shape, l);
      }
      close(path, cursor);
      if (cursor.dashCol !== undefined) path.push({ kind: 'item', col: cursor.dashCol, line: lineNo, open: false });
      const parentLine = path.length ? path[path.length - 1].line : -1;
      const siblings = new Map<string, string>();
      const replay: Frame[] = [];
      for (let l = 0; l < lines.lineCount; l++) {
        const shape = l === lineNo ? undefined : shapeOf(line(l));
        if (!shape) continue;
        close(replay, shape);
        if (shape.dashCol !== undefined) replay.push({ kind: 'item', col: shape.dashCol, line: l, open: false });
        if (shape.key !== undefined && (replay.length ? replay[replay.length - 1].line : -1) === parentLine && shape.keyCol === cursor.keyCol) siblings.set(shape.key, shape.value ?? '');
        if (shape.key !== undefined) replay.push({ kind: 'key', col: shape.keyCol, line: l, key: shape.key, open: shape.value === '' });
      }
      return { path, siblings };
    }

    const texts = () => [
      { name: 'generated, 25 jobs', text: generateConfig(25, 5) },
      { name: 'generated, with a top-level key after the list', text: `${generateConfig(12, 6)}\nrule_files:\n  - a.yml\n\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['am:9093']\n` },
      { name: 'indented from the first line', text: '  a: 1\n  b:\n    - c: 2\n  d: 3\ne: 4\n' },
      ...corpusFiles(),
    ];

    it('finds the ancestors and siblings a replay of every line finds', () => {
      let asked = 0;
      for (const { name, text } of texts()) {
        const lines = parseConfig(text).model.document.lines;
        for (const offset of cursors(text, lines)) {
          const ctx = completionContext(text, lines, offset);
          if (!ctx) continue;
          asked++;
          const want = replayEveryLine(text, lines, offset);
          const where = `${name}, line ${lines.lineAt(offset) + 1}`;
          assert.deepEqual(ctx.path, want.path, where);
          assert.deepEqual([...ctx.siblings], [...want.siblings], where);
        }
      }
      assert.ok(asked > 2000, `only ${asked} cursors`);
    });

    it('answers the same in a job list parsed job by job as in the whole text', () => {
      let byJob = 0;
      for (const { name, text } of texts()) {
        const parsed = parseConfig(text).model;
        if (!parsed.document.jobChunks) continue;
        byJob++;
        const whole = buildModel(parseWholeDocument(text));
        for (const offset of cursors(text, parsed.document.lines)) {
          for (const version of ['2', '3'] as const) {
            assert.deepEqual(completeAt(parsed, offset, version), completeAt(whole, offset, version), `${name}, line ${parsed.document.lines.lineAt(offset) + 1}`);
          }
        }
      }
      assert.ok(byJob >= 10, `only ${byJob} texts parsed job by job`);
    });
  });
});
