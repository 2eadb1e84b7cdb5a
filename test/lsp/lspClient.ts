/**
 * A minimal LSP client for tests: spawns the bundled server over stdio and speaks raw JSON-RPC, so the tests
 * exercise the real framing rather than our own client library.
 */
import * as path from 'node:path';
import { StdioPeer, type Message, type StdioPeerOptions } from './stdioPeer';

export const SERVER = path.resolve(__dirname, '..', '..', '..', 'dist', 'server.js');

export class LspClient extends StdioPeer {
  readonly notifications: Message[] = [];
  private readonly listeners: ((m: Message) => void)[] = [];
  /** What the client answers to workspace/configuration, for every item. */
  configuration: unknown = null;
  /** Requests the server made, in order; `answer` can reply to other methods (e.g. workspace/applyEdit). */
  readonly serverRequests: Message[] = [];
  answer: ((message: Message) => unknown) | undefined;

  constructor(args: string[] = ['--stdio'], options: StdioPeerOptions = {}) {
    super(process.execPath, [SERVER, ...args], options);
  }

  /** Answers requests the server makes (configuration, registration) like a plain editor would. */
  protected onServerRequest(message: Message): unknown {
    this.serverRequests.push(message);
    if (message.method === 'workspace/configuration') return (message.params.items as unknown[]).map(() => this.configuration);
    return this.answer?.(message);
  }

  protected onNotification(message: Message): void {
    this.notifications.push(message);
    for (const l of [...this.listeners]) l(message);
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
}
