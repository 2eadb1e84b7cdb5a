/**
 * A real VS Code: code-server on 127.0.0.1 with a port the test picks, a fresh user-data and extensions
 * directory, and the packaged .vsix installed into it. Stopped by its PID (its process group).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { deadline } from '../expected';
import { CODE_SERVER } from './tools';

/** A free port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Installs `vsix` into `extensionsDir` with code-server's own CLI. */
export function installExtension(vsix: string, userDataDir: string, extensionsDir: string): void {
  const run = spawnSync(process.execPath, [CODE_SERVER, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0 || !/successfully installed/.test(run.stdout)) throw new Error(`installing ${vsix} failed:\n${run.stdout}\n${run.stderr}`);
}

export interface CodeServerOptions {
  readonly dir: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  readonly settings: Record<string, unknown>;
}

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly userDataDir: string,
    private readonly proc: ChildProcess,
    private readonly output: () => string,
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    const userDataDir = path.join(options.dir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
    // Its own config file, so nothing is written to ~/.config/code-server.
    const config = path.join(options.dir, 'code-server.yaml');
    fs.writeFileSync(config, 'auth: none\ncert: false\n');
    const port = await freePort();
    const args = [
      CODE_SERVER, '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDataDir, '--extensions-dir', options.extensionsDir,
      '--disable-telemetry', '--disable-update-check', options.workspace,
    ];
    // The test runner's cache directory left out: the extension puts the server's compile cache in its own storage.
    const env = { ...process.env };
    delete env.PROMFED_CACHE_DIR;
    // detached: its own process group, so stopping it also stops the extension host and language server.
    const proc = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    const listening = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('HTTP server listening on')) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`code-server exited with ${code}:\n${output}`)));
    });
    const server = new CodeServer(`http://127.0.0.1:${port}`, userDataDir, proc, () => output);
    try {
      await deadline(listening, 30_000, 'code-server start');
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  /** The URL that opens `folder` in the workbench. */
  folderUrl(folder: string): string {
    return `${this.url}/?folder=${encodeURIComponent(folder)}`;
  }

  /** The promfed output channel, as written to the extension host's log directory. */
  extensionLog(): string {
    const logs = path.join(this.userDataDir, 'logs');
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.name === 'promfed.log') found.push(p);
      }
    };
    walk(logs);
    return found.map((f) => fs.readFileSync(f, 'utf8')).join('');
  }

  /** PIDs of processes whose command line includes `needle` (e.g. the extension's dist/server.js). */
  static pidsOf(needle: string): number[] {
    const pids: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline: string;
      try {
        cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      } catch {
        continue; // exited while we looked
      }
      if (cmdline.split('\0').some((arg) => arg.includes(needle))) pids.push(Number(entry));
    }
    return pids;
  }

  /** code-server's own stdout and stderr so far, for failure messages. */
  get serverOutput(): string {
    return this.output();
  }

  async stop(): Promise<void> {
    const pid = this.proc.pid;
    if (pid === undefined || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-pid, s);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // ESRCH: the group is already gone
      }
    };
    signal('SIGTERM');
    await deadline(exited, 10_000, 'code-server stop').catch(() => signal('SIGKILL'));
  }
}
