/** The benchmark's stdio LSP client: any server command (promfed or yaml-language-server), timed waits, peak RSS. */
import * as fs from 'node:fs';
import { StdioPeer, type Message } from '../test/lsp/stdioPeer';

export class BenchClient extends StdioPeer {
  private readonly listeners = new Set<(m: Message) => void>();
  /** Answers to workspace/configuration, by section. */
  configuration: (section: string | undefined) => unknown = () => null;

  constructor(command: string, args: string[], env?: NodeJS.ProcessEnv) {
    super(command, args, { stderrLimit: 10_000, ...(env ? { env } : {}) });
  }

  protected onServerRequest(message: Message): unknown {
    if (message.method !== 'workspace/configuration') return null;
    return (message.params.items as { section?: string }[]).map((i) => this.configuration(i.section));
  }

  protected onNotification(message: Message): void {
    for (const l of [...this.listeners]) l(message);
  }

  override request<T = any>(method: string, params: unknown, timeoutMs = 120_000): Promise<T> {
    return super.request<T>(method, params, timeoutMs);
  }

  /** Resolves with the next notification matching `predicate` (only ones arriving from now on). */
  next(predicate: (m: Message) => boolean, timeoutMs = 300_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error('timed out waiting for the server'));
      }, timeoutMs);
      const listener = (m: Message) => {
        if (!predicate(m)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m);
      };
      this.listeners.add(listener);
    });
  }

  /** Peak resident set size of the server process so far (VmHWM), in MiB. */
  peakRssMiB(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    } catch {
      return NaN; // the process has gone: no figure rather than a wrong one
    }
  }

  override shutdown(): Promise<number | null> {
    return super.shutdown(20_000);
  }
}
