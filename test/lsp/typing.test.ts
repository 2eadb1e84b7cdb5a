/**
 * A large document while it is being typed, over stdio: a version that could only be parsed whole (a quote left open
 * in `global:` reads on into the jobs) is left unparsed until the typing pauses. Light-bulb code actions answer empty
 * meanwhile and completion reads the text alone; what the user asks for, and the diagnostics after the pause, are exact.
 */
import * as assert from 'node:assert/strict';
import { generateConfig } from '../../bench/generate';
import { LineIndex } from '../../server/src/service/ranges';
import { LspClient } from './lspClient';

/**
 * 900 jobs (0.83 MB): above the 256 KiB from which a whole parse waits for the typing to pause (a change less than
 * ~0.43 s ago is typing), below the 1 MiB up to which completion reads an unparsed text.
 */
function largeConfig(): { text: string; unlabelled: number } {
  const text = generateConfig(900, 11);
  // One federation job without honor_labels: its diagnostic has a quick fix.
  const job = text.indexOf('  - job_name: federate-', text.length >> 1);
  const key = text.indexOf('    honor_labels: true\n', job);
  return { text: text.slice(0, key) + text.slice(key + '    honor_labels: true\n'.length), unlabelled: job };
}

/** Diagnostics without their document, to compare two documents of equal text. */
function comparable(diagnostics: any[]): string[] {
  return diagnostics.map((d) => JSON.stringify({ range: d.range, code: d.code, message: d.message, severity: d.severity }));
}

describe('a large document while it is being typed', function () {
  this.timeout(120_000);
  let client: LspClient;
  const uri = 'file:///project/prometheus.yml';
  const freshUri = 'file:///project/fresh/prometheus.yml';

  beforeEach(async () => {
    client = new LspClient();
    await client.initialize();
  });
  afterEach(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  async function openLarge(): Promise<{ text: string; honorLabels: any }> {
    const { text, unlabelled } = largeConfig();
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const diagnostics = await client.waitForDiagnostics(uri, 1, 60_000);
    const line = new LineIndex(text).lineAt(unlabelled);
    const honorLabels = diagnostics.find((d) => d.code === 'federate-honor-labels' && d.range.start.line >= line);
    assert.ok(honorLabels, 'the job without honor_labels has its diagnostic');
    return { text, honorLabels };
  }

  function typeAt(text: string, at: number, insert: string, version: number): string {
    const position = new LineIndex(text).positionAt(at);
    client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: insert }] });
    return text.slice(0, at) + insert + text.slice(at);
  }

  async function freshDiagnostics(text: string): Promise<any[]> {
    client.notify('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'yaml', version: 1, text } });
    return client.waitForDiagnostics(freshUri, 1, 60_000);
  }

  it('answers light-bulb code actions empty while a version it would parse whole is typed, completion from the text, and what the user asks for exactly', async () => {
    const { text, honorLabels } = await openLarge();
    const region = text.indexOf('region: eu-west-1') + 'region: '.length;
    const typed = typeAt(text, region, '"', 2);
    const at = { textDocument: { uri }, range: honorLabels.range };
    const automatic = client.request('textDocument/codeAction', { ...at, context: { diagnostics: [honorLabels], triggerKind: 2 } });
    const position = { line: honorLabels.range.start.line + 1, character: 4 };
    const completion = client.request('textDocument/completion', { textDocument: { uri }, position });
    const invoked = client.request('textDocument/codeAction', { ...at, context: { diagnostics: [honorLabels], triggerKind: 1 } }, 60_000);
    assert.deepEqual(await automatic, []);
    // Completion reads the text alone: the keys the job lacks, honor_labels among them.
    const labels = ((await completion) as any[]).map((i) => i.label);
    assert.ok(labels.includes('honor_labels'), labels.join(', '));
    const titles = ((await invoked) as any[]).map((a) => a.title);
    assert.ok(titles.some((t) => /honor_labels/.test(t)), `the quick fix, asked for: ${titles.join(', ')}`);
    // The quote reads on into the jobs: the version's diagnostics, once the typing has paused, are the whole text's.
    const diagnostics = await client.waitForDiagnostics(uri, 2, 60_000);
    assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax'));
    assert.deepEqual(comparable(diagnostics), comparable(await freshDiagnostics(typed)));
    const fresh = (await client.request('textDocument/completion', { textDocument: { uri: freshUri }, position })) as any[];
    assert.deepEqual(labels, fresh.map((i) => i.label));
    // Once the version is parsed, the light bulb has its fix again.
    const again = (await client.request('textDocument/codeAction', { ...at, context: { diagnostics: [honorLabels], triggerKind: 2 } })) as any[];
    assert.ok(again.some((a) => /honor_labels/.test(a.title)));
  });

  it('answers fix-all on save (an automatic request for source actions) while a version is left unparsed', async () => {
    const { text } = await openLarge();
    // A list item typed at the start of a job's line: the job list changes, so the version waits for a pause.
    const job = text.indexOf('  - job_name: ', text.length >> 2);
    const typed = typeAt(text, job, '  -', 2);
    const whole = { start: { line: 0, character: 0 }, end: new LineIndex(typed).positionAt(typed.length) };
    const automatic = (only?: string[]) => client.request('textDocument/codeAction', { textDocument: { uri }, range: whole, context: { diagnostics: [], triggerKind: 2, ...(only ? { only } : {}) } }, 60_000);
    const lightBulb = automatic();
    const onSave = automatic(['source.fixAll.promfed']);
    assert.deepEqual(await lightBulb, []);
    const actions = (await onSave) as any[];
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.promfed']);
    // The job without honor_labels is among the fixes it makes.
    assert.match(JSON.stringify(actions[0].edit), /honor_labels: true/);
  });

  it('answers code lenses without parsing while live access is off, even for a version left unparsed', async () => {
    const { text, honorLabels } = await openLarge();
    const region = text.indexOf('region: eu-west-1') + 'region: '.length;
    typeAt(text, region, '"', 2);
    const lenses = client.request('textDocument/codeLens', { textDocument: { uri } });
    const automatic = client.request('textDocument/codeAction', { textDocument: { uri }, range: honorLabels.range, context: { diagnostics: [honorLabels], triggerKind: 2 } });
    assert.deepEqual(await lenses, []);
    // Had the code lens parsed the version, the light bulb would find its fix.
    assert.deepEqual(await automatic, []);
  });

  it('turns a code lens request away while a version is left unparsed, and has the client refresh once it is parsed', async () => {
    await client.shutdown();
    client = new LspClient();
    let refreshed!: () => void;
    const refresh = new Promise<void>((resolve) => (refreshed = resolve));
    client.answer = (m) => {
      if (m.method !== 'workspace/codeLens/refresh') return undefined;
      refreshed();
      return null;
    };
    await client.initialize({ workspace: { codeLens: { refreshSupport: true } } }, { settings: { live: { enabled: true } } });
    const { text } = await openLarge();
    const before = (await client.request('textDocument/codeLens', { textDocument: { uri } })) as any[];
    assert.ok(before.length > 100, `a lens per federation job, got ${before.length}`);
    assert.equal(client.serverRequests.filter((m) => m.method === 'workspace/codeLens/refresh').length, 0);
    const region = text.indexOf('region: eu-west-1') + 'region: '.length;
    const typed = typeAt(text, region, '"', 2);
    const turned = await client.call('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(turned.error?.code, -32802, `ServerCancelled, got ${JSON.stringify(turned.error ?? turned.result).slice(0, 200)}`);
    await client.waitForDiagnostics(uri, 2, 60_000);
    await refresh;
    assert.equal(client.serverRequests.filter((m) => m.method === 'workspace/codeLens/refresh').length, 1, 'one refresh after the parse');
    const after = (await client.request('textDocument/codeLens', { textDocument: { uri } })) as any[];
    client.notify('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'yaml', version: 1, text: typed } });
    await client.waitForDiagnostics(freshUri, 1, 60_000);
    const fresh = (await client.request('textDocument/codeLens', { textDocument: { uri: freshUri } })) as any[];
    const shape = (lenses: any[]) => lenses.map((l) => JSON.stringify([l.range, l.command.title, l.command.arguments[0].jobIndex]));
    assert.deepEqual(shape(after), shape(fresh));
  });

  it('never publishes a version typed past before the typing paused, and the last one matches a fresh check', async () => {
    const { text } = await openLarge();
    const region = text.indexOf('region: eu-west-1') + 'region: '.length;
    let typed = typeAt(text, region, '"', 2);
    typed = typeAt(typed, region + 1 + 'eu-west-1'.length, '"', 3);
    const diagnostics = await client.waitForDiagnostics(uri, 3, 60_000);
    assert.deepEqual(comparable(diagnostics), comparable(await freshDiagnostics(typed)));
    assert.equal(client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 2).length, 0);
  });
});
