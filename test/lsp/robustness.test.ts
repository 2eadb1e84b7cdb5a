/**
 * A misbehaving client, over real stdio: requests for unknown documents and impossible positions, versions out
 * of order, a storm of edits, every request kind cancelled, garbage on stdin, and a parent that dies.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { generateConfig, createRandom } from '../../bench/generate';
import { LineIndex } from '../../server/src/service/ranges';
import { LspClient, SERVER } from './lspClient';
import { advertised, commandRequests, INTERNAL_ERROR, METHOD_NOT_FOUND, REQUEST_CANCELLED, REQUEST_KINDS } from './requests';

const DUPLICATES = 'scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [h:9090]}]\n  - job_name: a\n';

/** True once `pid` has exited (a zombie whose parent died counts: nothing reaps it in some containers). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitUntil(condition: () => boolean, deadlineMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > deadlineMs) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

function exitOf(proc: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve({ code: proc.exitCode, signal: proc.signalCode });
  return new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Diagnostics without their document, to compare two documents of equal text. */
function comparable(diagnostics: any[]): string[] {
  return diagnostics.map((d) => JSON.stringify({ range: d.range, code: d.code, message: d.message, severity: d.severity }));
}

describe('a misbehaving client', function () {
  this.timeout(60_000);
  let client: LspClient;
  let capabilities: Record<string, any>;

  beforeEach(async () => {
    client = new LspClient();
    capabilities = (await client.initialize()).capabilities;
  });
  afterEach(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  /** Asserts a response is a result, or an error the method's status allows; never an internal error. */
  function acceptable(method: string, isAdvertised: boolean, response: any, allowCancel: boolean): void {
    if (!response.error) return;
    const allowed = isAdvertised ? (allowCancel ? [REQUEST_CANCELLED] : []) : [METHOD_NOT_FOUND, ...(allowCancel ? [REQUEST_CANCELLED] : [])];
    assert.notEqual(response.error.code, INTERNAL_ERROR, `${method} threw inside the server: ${response.error.message}`);
    assert.ok(allowed.includes(response.error.code), `${method} answered error ${response.error.code} ${response.error.message}`);
  }

  it('answers every request kind for a document it never saw', async () => {
    for (const kind of REQUEST_KINDS) {
      const response = await client.call(kind.method, kind.params('file:///never/opened/prometheus.yml', { line: 1, character: 4 }));
      acceptable(kind.method, advertised(capabilities, kind), response, false);
    }
    for (const r of commandRequests(capabilities, 'file:///never/opened/prometheus.yml')) {
      const response = await client.call(r.method, r.params);
      assert.notEqual(response.error?.code, INTERNAL_ERROR, `${r.method} threw: ${response.error?.message}`);
    }
  });

  it('answers positions past the end of the document, and negative ones', async () => {
    const uri = 'file:///project/prometheus.yml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: DUPLICATES } });
    await client.waitForDiagnostics(uri, 1);
    for (const position of [
      { line: 3, character: 10_000 },
      { line: 1_000_000, character: 0 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      { line: -1, character: -5 },
    ]) {
      for (const kind of REQUEST_KINDS) {
        const response = await client.call(kind.method, kind.params(uri, position));
        // A negative position breaks the protocol's types; "invalid params" is a fair answer to it.
        if (position.line < 0 && response.error?.code === -32602) continue;
        acceptable(kind.method, advertised(capabilities, kind), response, false);
      }
    }
  });

  it('survives changes that arrive with versions out of order; the last text wins', async () => {
    const uri = 'file:///project/prometheus.yml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 10, text: DUPLICATES } });
    await client.waitForDiagnostics(uri, 10);
    const clean = 'scrape_configs:\n  - job_name: a\n  - job_name: b\n';
    client.notify('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: clean }] });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [{ text: DUPLICATES }] });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: clean }] });
    const diagnostics = await client.waitForDiagnostics(uri, 5);
    assert.deepEqual(diagnostics, []);
    const hover = await client.call('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } });
    acceptable('textDocument/hover', !!capabilities.hoverProvider, hover, false);
  });

  it('stays responsive through a storm of 1 000 edits, and the last diagnostics match the last text', async () => {
    const uri = 'file:///project/storm/prometheus.yml';
    let text = generateConfig(100, 7);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await client.waitForDiagnostics(uri, 1, 30_000);
    const random = createRandom(1234);
    const tokens = ['x', ' ', '\n', '\t', ':', '- ', '"', '{', '}', 'job_name: a', '#'];
    const frames: Buffer[] = [];
    for (let version = 2; version <= 1001; version++) {
      const lines = new LineIndex(text);
      const start = Math.floor(random() * (text.length + 1));
      const end = random() < 0.5 ? start : Math.min(text.length, start + Math.floor(random() * 8));
      const insert = random() < 0.7 ? tokens[Math.floor(random() * tokens.length)] : '';
      const range = lines.range(start, end);
      text = text.slice(0, start) + insert + text.slice(end);
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] } }));
      frames.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body);
    }
    // All thousand edits in one write: as fast as the pipe takes them.
    client.proc.stdin.write(Buffer.concat(frames));
    const asked = Date.now();
    const hover = await client.call('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 6 } }, { timeoutMs: 30_000 });
    acceptable('textDocument/hover', !!capabilities.hoverProvider, hover, false);
    const latency = Date.now() - asked;
    const final = await client.waitForDiagnostics(uri, 1001, 30_000);
    // The same text opened fresh must get the same diagnostics.
    const fresh = 'file:///project/fresh/prometheus.yml';
    client.notify('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'yaml', version: 1, text } });
    assert.deepEqual(comparable(final), comparable(await client.waitForDiagnostics(fresh, 1, 30_000)));
    assert.ok(latency < 20_000, `a request after the storm took ${latency} ms`);
  });

  it('answers every request kind when it is cancelled at once, and keeps working', async () => {
    const uri = 'file:///project/prometheus.yml';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: generateConfig(30, 3) } });
    await client.waitForDiagnostics(uri, 1, 30_000);
    const requests = [
      ...REQUEST_KINDS.map((k) => ({ method: k.method, params: k.params(uri, { line: 12, character: 8 }), isAdvertised: advertised(capabilities, k) })),
      ...commandRequests(capabilities, uri).map((r) => ({ ...r, isAdvertised: true })),
    ];
    const responses = await Promise.all(requests.map((r) => client.call(r.method, r.params, { cancel: true })));
    requests.forEach((r, i) => acceptable(r.method, r.isAdvertised, responses[i], true));
    // Cancelling what already finished, and ids that never existed, is harmless.
    for (const id of [1, 999_999, 'nope']) client.notify('$/cancelRequest', { id });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: DUPLICATES }] });
    assert.ok((await client.waitForDiagnostics(uri, 2)).some((d: any) => d.code === 'duplicate-job-name'));
  });

  it('ignores notifications it does not know, and malformed parameters of ones it does', async () => {
    const uri = 'file:///project/prometheus.yml';
    client.notify('$/somethingNew', { x: 1 });
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.yml', version: 2 }, contentChanges: [{ text: 'x' }] });
    client.notify('textDocument/didClose', { textDocument: { uri: 'file:///never/opened.yml' } });
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: DUPLICATES } });
    assert.ok((await client.waitForDiagnostics(uri, 1)).some((d: any) => d.code === 'duplicate-job-name'));
  });
});

describe('garbage on stdin', function () {
  this.timeout(30_000);
  const cases: [string, Buffer][] = [
    ['random bytes', Buffer.from(Array.from({ length: 100_000 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 24) & 0xff))],
    ['a header without Content-Length', Buffer.from('Content-Type: application/json\r\n\r\n{}')],
    ['a Content-Length that is not a number', Buffer.from('Content-Length: twelve\r\n\r\n{}')],
    ['a body that is not JSON', Buffer.from('Content-Length: 15\r\n\r\nnot json at all')],
    ['a Content-Length of 100 GB', Buffer.from('Content-Length: 100000000000\r\n\r\n{')],
    ['a header that never ends', Buffer.from(`Content-Length: 2\r\nX-Padding: ${'a'.repeat(20_000)}`)],
  ];
  for (const [title, bytes] of cases) {
    it(`${title}: logs and exits within seconds`, async () => {
      const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: 'pipe' });
      let stderr = '';
      proc.stderr.on('data', (c) => (stderr += c));
      proc.stdout.resume();
      proc.stdin.on('error', () => undefined); // the server may exit before it reads everything
      proc.stdin.write(bytes);
      const started = Date.now();
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      const { code, signal } = await exitOf(proc);
      clearTimeout(timer);
      assert.equal(signal, null, `the server did not exit on its own within 10 s (stderr: ${stderr})`);
      assert.notEqual(code, 0);
      assert.match(stderr, /not LSP/);
      assert.ok(Date.now() - started < 10_000);
    });
  }

  it('after a valid session, garbage still ends it', async () => {
    const client = new LspClient();
    await client.initialize();
    client.proc.stdin.on('error', () => undefined);
    client.proc.stdin.write('\r\n\r\nthis is not a header\r\n\r\n');
    const { code } = await exitOf(client.proc);
    assert.notEqual(code, 0);
    assert.match(client.stderr, /not LSP/);
  });
});

describe('the client vanishing', function () {
  this.timeout(30_000);

  /** Starts `node -e script` as the editor stand-in; it prints the server's pid on stderr. */
  function intermediate(script: string): Promise<{ proc: ChildProcess; serverPid: number }> {
    const proc = spawn(process.execPath, ['-e', script, SERVER], { stdio: 'pipe' });
    return new Promise((resolve, reject) => {
      let err = '';
      proc.stderr!.on('data', (c) => {
        err += c;
        const m = /server-pid:(\d+)/.exec(err);
        if (m) resolve({ proc, serverPid: Number(m[1]) });
      });
      proc.once('exit', () => reject(new Error(`intermediate exited early: ${err}`)));
    });
  }

  it('exits when its parent is killed and the pipes close', async () => {
    const { proc, serverPid } = await intermediate(
      `const c = require('child_process').spawn(process.execPath, [process.argv[1], '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
       c.stdout.resume(); process.stderr.write('server-pid:' + c.pid + '\\n'); setInterval(() => {}, 1000);`,
    );
    assert.ok(!gone(serverPid));
    proc.kill('SIGKILL');
    const took = await waitUntil(() => gone(serverPid), 10_000, 'server exit after its parent died');
    assert.ok(took < 10_000);
  });

  for (const how of ['initialize processId', '--clientProcessId'] as const) {
    it(`exits within seconds when the process named by ${how} dies, even with stdin still open`, async () => {
      // The server inherits the intermediate's stdin and stdout, which this test holds open: only the
      // process-id watch can notice that the intermediate is gone.
      const args = how === '--clientProcessId' ? `'--clientProcessId=' + process.pid` : `'--no-extra'`;
      const { proc, serverPid } = await intermediate(
        `const c = require('child_process').spawn(process.execPath, [process.argv[1], '--stdio', ${args}], { stdio: ['inherit', 'inherit', 'ignore'] });
         process.stderr.write('server-pid:' + c.pid + '\\n'); setInterval(() => {}, 1000);`,
      );
      let out = '';
      proc.stdout!.on('data', (c) => (out += c));
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: how === 'initialize processId' ? proc.pid : null, rootUri: null, capabilities: {} } });
      proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await waitUntil(() => /"id":1/.test(out), 10_000, 'initialize response');
      proc.kill('SIGKILL');
      await waitUntil(() => gone(serverPid), 10_000, 'server exit after the watched process died');
      proc.stdin!.end();
    });
  }
});
