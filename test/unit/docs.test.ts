/** Every diagnostic code has its page under docs/rules/ and a line in the README's rule list. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_META } from '../../server/src/service/rules';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('rule documentation', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  for (const [code, meta] of RULE_META) {
    it(`${code} has a page and a README entry`, () => {
      assert.match(code, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'codes are kebab-case');
      const page = path.join(REPO, 'docs', 'rules', `${code}.md`);
      assert.ok(fs.existsSync(page), `missing docs/rules/${code}.md`);
      const text = fs.readFileSync(page, 'utf8');
      assert.ok(text.startsWith(`# ${code}\n`), `${code}.md starts with its code as title`);
      assert.ok(text.includes(meta.severity), `${code}.md states its default severity (${meta.severity})`);
      for (const section of ['## What it means', '## Example', '## How to fix']) assert.ok(text.includes(section), `${code}.md lacks "${section}"`);
      assert.ok(readme.includes(`](docs/rules/${code}.md)`), `README does not link docs/rules/${code}.md`);
    });
  }
});

describe('README split example', () => {
  it('is the before/after of docs/refactorings.md, which a test checks against the real split', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'refactorings.md'), 'utf8');
    const yamlBlocks = (text: string) => [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    const [before, after] = yamlBlocks(docs);
    assert.ok(before && after, 'docs/refactorings.md has a before and an after block');
    const readmeBlocks = yamlBlocks(readme);
    assert.ok(readmeBlocks.includes(before), 'README shows the same "before"');
    assert.ok(readmeBlocks.includes(after), 'README shows the same "after"');
  });
});
