/** The extension manifest agrees with the client code it describes. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLIENT_COMMANDS, CONTEXT_KEY, PREVIEW_COMMANDS } from '../../../client/src/protocol';
import { RESTRICTED_KEYS } from '../../../client/src/trust';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('extension manifest', () => {
  it('contributes exactly the commands the client registers', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, [...Object.values(CLIENT_COMMANDS), ...Object.values(PREVIEW_COMMANDS)].sort());
  });

  it('shows the job commands only in documents promfed handles', () => {
    for (const menu of ['commandPalette', 'editor/context']) {
      for (const id of [CLIENT_COMMANDS.previewJob, CLIENT_COMMANDS.splitJobInto]) {
        const entry = manifest.contributes.menus[menu].find((m: { command: string }) => m.command === id);
        assert.ok(entry, `${id} in ${menu}`);
        assert.match(entry.when, new RegExp(`\\b${CONTEXT_KEY.replace(/\./g, '\\.')}\\b`), `${id} in ${menu}`);
      }
    }
  });

  it('restricts in untrusted workspaces exactly what the client turns off', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.deepEqual(trust.restrictedConfigurations, RESTRICTED_KEYS.map((k) => `promfed.${k}`));
    assert.ok(trust.description.length > 20);
  });

  it('activates on YAML only, and engines.vscode stays installable in VS Code 1.82 to 1.100', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:yaml']);
    assert.equal(manifest.engines.vscode, '^1.82.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.82.0');
  });

  it('points its grammar and icon at files that exist and ships them', () => {
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(ignore[0], '**', '.vscodeignore starts by excluding everything');
    for (const grammar of manifest.contributes.grammars) {
      assert.ok(fs.existsSync(path.join(root, grammar.path)), grammar.path);
      assert.equal(JSON.parse(fs.readFileSync(path.join(root, grammar.path), 'utf8')).scopeName, grammar.scopeName);
    }
    assert.ok(ignore.includes('!syntaxes/**'));
    const icon = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    assert.ok(ignore.includes(`!${manifest.icon}`));
  });
});
