/**
 * A minimal LSP client for tests: spawns the bundled server over stdio and speaks raw JSON-RPC, so the tests
 * exercise the real framing rather than our own client library.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';

export const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

type Message = { id?: number; method?: string; params?: any; result?: any; error?: any };

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();
  readonly notifications: Message[] = [];
  private readonly listeners: ((m: Message) => void)[] = [];
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [SERVER, ...args], { stdio: 'pipe' });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      const message = JSON.parse(body) as Message;
      if (message.id !== undefined && message.method === undefined) this.waiting.get(message.id)?.(message);
      else if (message.method && message.id !== undefined) this.answerServerRequest(message);
      else {
        this.notifications.push(message);
        for (const l of this.listeners) l(message);
      }
    }
  }

  /** Answers requests the server makes (configuration, registration) like a plain editor would. */
  configuration: unknown = null;
  /** Requests the server made, in order; `answer` can reply to other methods (e.g. workspace/applyEdit). */
  readonly serverRequests: Message[] = [];
  answer: ((message: Message) => unknown) | undefined;
  private answerServerRequest(message: Message): void {
    this.serverRequests.push(message);
    let result: unknown = this.answer?.(message) ?? null;
    if (message.method === 'workspace/configuration') result = (message.params.items as unknown[]).map(() => this.configuration);
    this.write({ jsonrpc: '2.0', id: message.id, result });
  }

  write(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result as T);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** A request whose whole response (result or error, with its code) is returned; `cancel` sends $/cancelRequest right after. */
  call(method: string, params: unknown, options: { cancel?: boolean; timeoutMs?: number } = {}): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} got no response`)), options.timeoutMs ?? 10_000);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(m);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
      if (options.cancel) this.notify('$/cancelRequest', { id });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Waits for a notification matching `predicate`, including ones that already arrived. */
  waitFor(predicate: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const already = this.notifications.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a notification')), timeoutMs);
      const listener = (m: Message) => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve(m);
      };
      this.listeners.push(listener);
    });
  }

  waitForDiagnostics(uri: string, version: number, timeoutMs = 10_000): Promise<any[]> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version, timeoutMs).then(
      (m) => m.params.diagnostics,
    );
  }

  async initialize(capabilities: object = {}, initializationOptions: unknown = undefined): Promise<any> {
    const result = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}
