/** The stdio writer's encoding: a PrebuiltJson value goes out as written, and the message stays the same JSON. */
import * as assert from 'node:assert/strict';
import { encodeMessage, PrebuiltJson } from '../../server/src/transport';

describe('stdio message encoding', () => {
  const diagnostics = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'a "quoted" é\n' }];
  const raw = new PrebuiltJson(JSON.stringify(diagnostics));

  it('splices a trailing PrebuiltJson into the message as it is', () => {
    const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a%20b.yml', version: 3, diagnostics: raw } };
    const encoded = encodeMessage(message);
    assert.ok(encoded.includes(raw.json), 'the prebuilt text is in the message');
    assert.equal(encoded, JSON.stringify({ ...message, params: { ...message.params, diagnostics } }));
  });

  it('says the same through toJSON when the prebuilt value is not the last one', () => {
    const message = { jsonrpc: '2.0', method: 'x', params: { diagnostics: raw, uri: 'file:///a.yml' } };
    assert.deepEqual(JSON.parse(encodeMessage(message)), { jsonrpc: '2.0', method: 'x', params: { diagnostics, uri: 'file:///a.yml' } });
  });

  it('leaves every other message to JSON.stringify', () => {
    for (const message of [{ jsonrpc: '2.0', id: 1, result: null }, { jsonrpc: '2.0', method: 'm', params: [1, raw] }, { jsonrpc: '2.0', method: 'm', params: {} }, { jsonrpc: '2.0', method: 'm', params: { a: 0 } }]) {
      assert.equal(encodeMessage(message), JSON.stringify(message));
    }
  });
});
