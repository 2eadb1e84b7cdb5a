/**
 * The stdio transport, hardened against a misbehaving client: a stream that is not LSP (random bytes, a header
 * without Content-Length, a body that is not JSON) or a message larger than any editor sends makes the server
 * say so on stderr and exit, instead of waiting forever on a desynchronised stream or buffering without bound.
 * Other transports (node IPC for VS Code, sockets) are left to vscode-languageserver as they are.
 */
import { format } from 'node:util';
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
} from 'vscode-languageserver/node';

/** No editor sends a message this large (a 5 MiB document is about 12 MiB of JSON at worst). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Exit status when the client sent something that is not LSP. */
export const EXIT_PROTOCOL_ERROR = 3;

/** What went wrong, in words that never quote the client's bytes (a document body may hold secrets). */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/Content-Length property/.test(text)) return 'a message header without Content-Length';
  if (/Content-Length value/.test(text)) return 'a Content-Length that is not a number';
  if (/JSON|Unexpected token|Unexpected end/i.test(text)) return 'a message body that is not JSON';
  if (/encoding|charset|content-type/i.test(text)) return 'a message in an unsupported encoding';
  return 'an unreadable message';
}

function fail(why: string): never {
  process.stderr.write(`promfed: the client sent ${why} on stdin; this is not LSP, so the server exits.\n`);
  process.exit(EXIT_PROTOCOL_ERROR);
}

/** Longer than any real header block (`Content-Length` and `Content-Type`, under a hundred bytes). */
export const MAX_HEADER_BYTES = 8 * 1024;

/**
 * Follows the framing alongside vscode-jsonrpc's reader, only to police it: a header block that never ends or
 * announces a body over the limit stops the server before anything is buffered.
 */
class FrameGuard {
  private header = '';
  private bodyLeft = 0;

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= take;
        at += take;
        continue;
      }
      const end = chunk.indexOf('\r\n\r\n', at, 'latin1');
      // A terminator split across chunks is found once the next chunk is appended.
      const upTo = end >= 0 ? end + 4 : chunk.length;
      this.header += chunk.toString('latin1', at, upTo);
      at = upTo;
      const done = this.header.indexOf('\r\n\r\n');
      if (done < 0) {
        if (this.header.length > MAX_HEADER_BYTES) fail('a message header that never ends');
        continue;
      }
      at -= this.header.length - (done + 4);
      const length = /(?:^|\r\n)content-length:\s*(\d+)\s*(?:\r\n|$)/i.exec(this.header.slice(0, done))?.[1];
      this.header = '';
      // A missing or malformed length is the reader's to report (it does, and fail() follows).
      if (length === undefined) continue;
      if (Number(length) > MAX_MESSAGE_BYTES) fail(`a message of ${length} bytes (more than ${MAX_MESSAGE_BYTES / 1024 / 1024} MiB)`);
      this.bodyLeft = Number(length);
    }
  }
}

/**
 * A value already written as JSON, sent as it is by the stdio writer below. Any other serialiser (node IPC,
 * message tracing) sees the parsed value through toJSON, so the message says the same either way.
 */
export class PrebuiltJson {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/**
 * JSON.stringify, except that a message whose params end with a PrebuiltJson value has that value spliced in as
 * it is (a large file's diagnostics: megabytes written once per version instead of objects built and serialised).
 */
export function encodeMessage(message: unknown): string {
  const params = (message as { params?: unknown }).params;
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    const keys = Object.keys(params);
    const lastKey = keys[keys.length - 1];
    const last = lastKey === undefined ? undefined : (params as Record<string, unknown>)[lastKey];
    if (last instanceof PrebuiltJson) {
      const head = JSON.stringify({ ...(message as object), params: { ...params, [lastKey]: 0 } });
      // The placeholder 0 is the last value of params, and params the message's last key: `...:0}}`.
      if (head.endsWith(':0}}')) return `${head.slice(0, -3)}${last.json}}}`;
    }
  }
  return JSON.stringify(message);
}

const PREBUILT_JSON_ENCODER = {
  name: 'application/json',
  encode: (message: Message, options: { charset: BufferEncoding }): Promise<Uint8Array> => {
    try {
      return Promise.resolve(Buffer.from(encodeMessage(message), options.charset));
    } catch (error) {
      return Promise.reject(error);
    }
  },
};

/** Notes a shutdown request, for the exit status when stdin then closes. */
class GuardedReader extends StreamMessageReader {
  shutdownReceived = false;

  constructor(readable: NodeJS.ReadableStream) {
    super(readable);
    const guard = new FrameGuard();
    readable.on('data', (chunk: Buffer) => guard.push(chunk));
  }

  override listen(callback: DataCallback): Disposable {
    return super.listen((message: Message) => {
      if ((message as { method?: string }).method === 'shutdown') this.shutdownReceived = true;
      callback(message);
    });
  }
}

/**
 * The server's connection: guarded stdio for `--stdio`, vscode-languageserver's choice otherwise.
 * `prebuiltJson`: whether the connection writes PrebuiltJson values as they are (only our stdio writer does).
 */
export function createServerConnection() {
  if (!process.argv.includes('--stdio')) return { connection: createConnection(ProposedFeatures.all), prebuiltJson: false };
  const reader = new GuardedReader(process.stdin);
  reader.onError((error) => fail(describe(error)));
  // vscode-languageserver exits when stdin ends only for the streams it creates itself; keep that behaviour.
  // The same status as its own: 0 after a shutdown request, 1 when the client just went away.
  const onEnd = () => process.exit(reader.shutdownReceived ? 0 : 1);
  process.stdin.on('end', onEnd);
  process.stdin.on('close', onEnd);
  const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: PREBUILT_JSON_ENCODER }));
  // stdout is the LSP channel: console output goes to the client's log, as vscode-languageserver does for the
  // stdio it sets up itself.
  const remote = connection.console;
  console.log = console.info = console.debug = (...args: unknown[]) => remote.log(format(...args));
  console.warn = (...args: unknown[]) => remote.warn(format(...args));
  console.error = console.trace = (...args: unknown[]) => remote.error(format(...args));
  return { connection, prebuiltJson: true };
}
