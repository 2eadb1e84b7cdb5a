/** LSP helpers of the live-preview tests: a config on disk, opened in the bundled server over stdio. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../lsp/lspClient';

export interface OpenConfig {
  readonly client: LspClient;
  readonly uri: string;
  readonly text: string;
  /** The position of the first occurrence of `needle` (plus `delta` characters). */
  at(needle: string, delta?: number): { line: number; character: number };
  hover(needle: string, delta?: number, timeoutMs?: number): Promise<string>;
}

/** Live settings as VS Code would send them in a trusted workspace. */
export function liveSettings(live: Record<string, unknown> = {}): { settings: { live: Record<string, unknown> } } {
  return { settings: { live: { enabled: true, ...live } } };
}

/** Writes `text` to dir/prometheus.yml, starts the server with `initializationOptions`, and opens the file. */
export async function openConfig(dir: string, text: string, initializationOptions: unknown, capabilities: object = {}, file = 'prometheus.yml'): Promise<OpenConfig> {
  const client = new LspClient();
  await client.initialize(capabilities, initializationOptions);
  const filePath = path.join(dir, file);
  fs.writeFileSync(filePath, text);
  const uri = pathToFileURL(filePath).href;
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const at = (needle: string, delta = 0) => {
    const index = text.indexOf(needle);
    if (index < 0) throw new Error(`"${needle}" is not in the config`);
    const before = text.slice(0, index + delta);
    const line = before.split('\n').length - 1;
    return { line, character: before.length - before.lastIndexOf('\n') - 1 };
  };
  return {
    client,
    uri,
    text,
    at,
    async hover(needle, delta = 1, timeoutMs = 20_000) {
      const h = await client.request('textDocument/hover', { textDocument: { uri }, position: at(needle, delta) }, timeoutMs);
      return h?.contents?.value ?? '';
    },
  };
}

/** The number after "**" and before " series**" in a hover, per occurrence. */
export function seriesCounts(markdown: string): number[] {
  return [...markdown.matchAll(/\*\*([\d,]+) series\*\*/g)].map((m) => Number(m[1].replace(/,/g, '')));
}
