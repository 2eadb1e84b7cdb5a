/** package.json declares every setting once, with the server's defaults (VS Code overrides applied). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, sanitizeSettings, VSCODE_DEFAULT_OVERRIDES } from '../../server/src/service/settings';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; scope?: string; description?: string; markdownDescription?: string; minimum?: number; maximum?: number }> =
  manifest.contributes.configuration.properties;
/** Client-only settings: read by vscode-languageclient, not by the server. */
const CLIENT_ONLY = ['promfed.trace.server'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** DEFAULT_SETTINGS as dotted keys; a key package.json declares is a leaf even when its value is an object. */
function flattenDefaults(value: Record<string, unknown>, prefix = 'promfed'): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) {
    const dotted = `${prefix}.${key}`;
    if (dotted in properties || !isPlainObject(v)) leaves.set(dotted, v);
    else for (const [k, leaf] of flattenDefaults(v, dotted)) leaves.set(k, leaf);
  }
  return leaves;
}

function withOverrides(defaults: Map<string, unknown>): Map<string, unknown> {
  const result = new Map(defaults);
  for (const [key, value] of Object.entries(VSCODE_DEFAULT_OVERRIDES)) {
    assert.ok(result.has(`promfed.${key}`), `VSCODE_DEFAULT_OVERRIDES names "${key}", which is not a setting`);
    result.set(`promfed.${key}`, value);
  }
  return result;
}

/** The declared defaults as the nested object a client sends for section `promfed`. */
function nestedPackageDefaults(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, { default: value }] of Object.entries(properties)) {
    if (CLIENT_ONLY.includes(key)) continue;
    const parts = key.split('.').slice(1);
    let node = root;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = value;
  }
  return root;
}

describe('settings in package.json', () => {
  const expected = withOverrides(flattenDefaults(DEFAULT_SETTINGS as unknown as Record<string, unknown>));

  it('declares every key of DEFAULT_SETTINGS', () => {
    const missing = [...expected.keys()].filter((k) => !(k in properties));
    assert.deepEqual(missing, []);
  });

  it('declares nothing the server does not know, except client-only keys', () => {
    const extra = Object.keys(properties).filter((k) => !expected.has(k) && !CLIENT_ONLY.includes(k));
    assert.deepEqual(extra, []);
  });

  for (const [key, value] of expected) {
    it(`${key} defaults to ${JSON.stringify(value)}`, () => {
      assert.ok(key in properties, `${key} is not declared`);
      assert.deepEqual(properties[key].default, value);
    });
  }

  it('declared defaults survive the server sanitiser unchanged', () => {
    const vscodeDefaults = sanitizeSettings(nestedPackageDefaults());
    const overridden = JSON.parse(JSON.stringify(DEFAULT_SETTINGS));
    for (const [key, value] of Object.entries(VSCODE_DEFAULT_OVERRIDES)) {
      const parts = key.split('.');
      let node = overridden;
      for (const part of parts.slice(0, -1)) node = node[part];
      node[parts[parts.length - 1]] = value;
    }
    assert.deepEqual(vscodeDefaults, overridden);
  });

  it('describes every setting and scopes server settings per resource', () => {
    for (const [key, p] of Object.entries(properties)) {
      assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${key} has no description`);
      assert.equal(p.scope, CLIENT_ONLY.includes(key) ? 'window' : 'resource', `${key} scope`);
    }
  });

  // The sanitiser clamps numbers; the settings UI should offer the same range.
  for (const [key, sample] of [
    ['promfed.live.timeoutMs', (n: number) => sanitizeSettings({ live: { timeoutMs: n } }).live.timeoutMs],
    ['promfed.live.maxBytes', (n: number) => sanitizeSettings({ live: { maxBytes: n } }).live.maxBytes],
  ] as const) {
    it(`${key} declares the sanitiser's bounds`, () => {
      const { minimum, maximum } = properties[key];
      assert.ok(minimum !== undefined && maximum !== undefined, 'minimum and maximum declared');
      assert.equal(sample(minimum - 1), minimum);
      assert.equal(sample(maximum + 1), maximum);
    });
  }
});
