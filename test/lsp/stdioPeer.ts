/**
 * The JSON-RPC side of an LSP client over a child's stdio, for tests and the benchmark: our own framing, so
 * they exercise the server's real transport rather than the client library we ship.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export type Message = { id?: number; method?: string; params?: any; result?: any; error?: any };

export interface StdioPeerOptions {
  /** Keep at most this many characters of the child's stderr (default: all of it). */
  readonly stderrLimit?: number;
  /** The child's environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
}

export abstract class StdioPeer {
  readonly proc: ChildProcessWithoutNullStreams;
  stderr = '';
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the message being received needs in `chunks` (header included); 0 while its header is unread. */
  private needed = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (m: Message) => void>();

  constructor(command: string, args: readonly string[], options: StdioPeerOptions = {}) {
    const limit = options.stderrLimit ?? Infinity;
    this.proc = spawn(command, [...args], { stdio: 'pipe', ...(options.env ? { env: options.env } : {}) });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < limit) this.stderr += chunk.toString();
    });
  }

  /** A request the server makes of the client; the return value is the result sent back. */
  protected abstract onServerRequest(message: Message): unknown;
  protected abstract onNotification(message: Message): void;

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    // The benchmark receives multi-MB messages in 64 KB chunks: join them once the message is complete,
    // not on every chunk (that copied a 3.9 MB message once per chunk, time charged to the server's latency).
    if (this.buffered < this.needed) return;
    let buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.needed = 0;
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) {
        this.needed = headerEnd + 4 + length;
        break;
      }
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method === undefined) this.waiting.get(message.id)?.(message);
      else if (message.method && message.id !== undefined) this.write({ jsonrpc: '2.0', id: message.id, result: this.onServerRequest(message) ?? null });
      else this.onNotification(message);
    }
    this.chunks = buffer.length ? [buffer] : [];
    this.buffered = buffer.length;
  }

  write(message: object): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  /** A request whose whole response (result or error, with its code) is returned; `cancel` sends $/cancelRequest right after. */
  call(method: string, params: unknown, options: { cancel?: boolean; timeoutMs?: number } = {}): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method} got no response`));
      }, options.timeoutMs ?? 10_000);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(m);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
      if (options.cancel) this.notify('$/cancelRequest', { id });
    });
  }

  /** A request's result; an error response rejects. */
  async request<T = any>(method: string, params: unknown, timeoutMs = 10_000): Promise<T> {
    const m = await this.call(method, params, { timeoutMs }).catch(() => Promise.reject(new Error(`${method} timed out`)));
    if (m.error) throw new Error(`${method}: ${m.error.message}`);
    return m.result as T;
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** shutdown + exit, then the exit code; the process is killed if it has not exited within 5 s. */
  async shutdown(requestTimeoutMs = 10_000): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    await this.request('shutdown', null, requestTimeoutMs).catch(() => undefined);
    this.notify('exit', null);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}
