/**
 * The VS Code side: starts the bundled language server (dist/server.js) over IPC when the first document
 * promfed handles shows up, keeps a context key for menus, applies Workspace Trust to the settings the
 * server sees, and restarts the server once if it crashes.
 *
 * Activation is kept cheap: `onLanguage:yaml` fires for every YAML file, so the language client library is
 * loaded and the server started only for Prometheus configs.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerPreview } from './preview';
import { allFileGlobs, documentSelector, forgetVerdicts, isPromfedDocument } from './documents';
import { CLIENT_COMMANDS, CONTEXT_KEY } from './protocol';
import { createRestartPolicy } from './restartPolicy';
import { serverEnv } from './serverEnv';
import { restrictConfiguration } from './trust';

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const activationStart = performance.now();
  const log = vscode.window.createOutputChannel('promfed', { log: true });
  const restartPolicy = createRestartPolicy();
  context.subscriptions.push(log);

  /** Starts the client once; later callers get the same promise. */
  const ensureStarted = (reason: string): Promise<LanguageClient> => {
    starting ??= startClient(context, log, restartPolicy, reason).catch((e: unknown) => {
      starting = undefined;
      log.error(`could not start the language server: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    });
    return starting;
  };
  /** A new client rather than client.restart(): the document selector may have changed with promfed.files. */
  const restart = async (reason: string): Promise<void> => {
    restartPolicy.reset();
    const old = client;
    client = undefined;
    starting = undefined;
    if (old) {
      log.info(`restarting the language server (${reason})`);
      await old.dispose().catch((e: unknown) => log.warn(`stopping the old server: ${e instanceof Error ? e.message : String(e)}`));
    }
    await ensureStarted(reason);
  };

  const consider = (document: vscode.TextDocument | undefined): boolean => {
    if (!document || !isPromfedDocument(document)) return false;
    // After activate() returns: loading the client library and spawning the server never block activation.
    // (A failed start is logged by ensureStarted; nothing more to do here.)
    if (!starting) setImmediate(() => void ensureStarted(`opened ${path.basename(document.uri.path)}`).catch(() => undefined));
    return true;
  };
  const updateContextKey = () => {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, consider(vscode.window.activeTextEditor?.document));
  };

  // Typing `scrape_configs:` into an untitled YAML buffer makes it a config: re-check, but not per keystroke.
  let recheck: NodeJS.Timeout | undefined;
  registerPreview(context, () => ensureStarted('preview'));
  context.subscriptions.push(
    ...registerCommands({ client: () => ensureStarted('command'), restart: () => restart('restart command'), log }),
    vscode.window.onDidChangeActiveTextEditor(updateContextKey),
    vscode.workspace.onDidOpenTextDocument((d) => void consider(d)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document !== vscode.window.activeTextEditor?.document || e.contentChanges.length === 0) return;
      clearTimeout(recheck);
      recheck = setTimeout(updateContextKey, 300);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('promfed.files')) return;
      forgetVerdicts();
      updateContextKey();
      // The document selector includes the globs: a new selector needs a new client.
      if (client) void restart('promfed.files changed').catch(() => undefined); // logged by ensureStarted
    }),
    // Restricted Mode rewrote live.enabled to false; the server re-reads settings on this notification.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: live access follows the promfed.live.* settings again');
      void client?.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
    { dispose: () => clearTimeout(recheck) },
  );
  for (const document of vscode.workspace.textDocuments) consider(document);
  updateContextKey();

  log.info(`activated in ${(performance.now() - activationStart).toFixed(1)} ms (VS Code ${vscode.version}, trusted: ${vscode.workspace.isTrusted})`);
}

async function startClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  restartPolicy: ReturnType<typeof createRestartPolicy>,
  reason: string,
): Promise<LanguageClient> {
  const t0 = performance.now();
  // Loaded here, not at the top: most YAML files are not Prometheus configs and never need it.
  const lc = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
  const loaded = performance.now();
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const storage = context.globalStorageUri;
  const env = serverEnv(process.env, storage.scheme === 'file' ? storage.fsPath : undefined);
  let toldRestricted = false;

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(allFileGlobs()),
    outputChannel: log,
    revealOutputChannelOn: lc.RevealOutputChannelOn.Never,
    // Logged, then stopped; closed() decides about restarting. (Without a handler the library shows a toast.)
    initializationFailedHandler: (error) => {
      log.error(`initializing the language server failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
    errorHandler: {
      error: (_error, _message, count) =>
        (count ?? 0) <= 3 ? { action: lc.ErrorAction.Continue, handled: true } : { action: lc.ErrorAction.Shutdown, handled: true },
      closed: () => {
        const decision = restartPolicy.onCrash();
        log.warn(decision.log);
        if (decision.notify) {
          const show = decision.restart ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
          void show(decision.notify, 'Show Output').then((answer) => answer && log.show(true));
        }
        // The client restarts the server itself: CloseAction.Restart would notify on every failed start.
        if (decision.restart) setImmediate(() => restartAfterCrash(started));
        const message = decision.restart ? 'Connection to the server closed; promfed restarts it.' : 'Connection to the server closed; not restarting.';
        return { action: lc.CloseAction.DoNotRestart, message, handled: true };
      },
    },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (!Array.isArray(values) || vscode.workspace.isTrusted) return values;
          if (!toldRestricted) {
            toldRestricted = true;
            log.info('Restricted Mode: promfed.live.enabled is off, promfed will not contact any Prometheus server');
          }
          return values.map((value, i) => restrictConfiguration(params.items[i]?.section, value, false));
        },
      },
    },
  };

  /** The library's own error toasts, silenced while restarting after a crash: the policy does the talking. */
  class PromfedLanguageClient extends lc.LanguageClient {
    quiet = false;
    override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
      super.error(message, data, this.quiet ? false : showNotification);
    }
  }

  const restartAfterCrash = (crashed: PromfedLanguageClient) => {
    // Only the client that crashed, and only once the library has finished stopping it.
    if (client !== crashed || crashed.state !== lc.State.Stopped) return;
    crashed.quiet = true;
    crashed.start().then(
      () => crashed.isRunning() && log.info('language server restarted'),
      // A crash during start-up reaches closed() again, which counts it; here it is only logged.
      (e: unknown) => log.warn(`restarting the language server failed: ${e instanceof Error ? e.message : String(e)}`),
    ).finally(() => (crashed.quiet = false));
  };

  const started = new PromfedLanguageClient(
    'promfed',
    'promfed',
    {
      run: { module, transport: lc.TransportKind.ipc, options: { env } },
      debug: { module, transport: lc.TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
    },
    clientOptions,
  );
  client = started;
  keepClientCommands(started, lc);
  log.info(`starting the language server (${reason}; client library loaded in ${(loaded - t0).toFixed(0)} ms)`);
  // A failed first start is logged, not thrown: closed() has counted it and may be restarting it already.
  await started.start().then(
    () => log.info(`language server ready in ${(performance.now() - t0).toFixed(0)} ms`),
    (e: unknown) => log.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`),
  );
  return started;
}

/**
 * The client registers its own VS Code commands for ids the server may also list in executeCommandProvider
 * (e.g. promfed.previewJob); registering one id twice fails, so the client's registration wins and forwards.
 */
function keepClientCommands(languageClient: LanguageClient, lc: typeof import('vscode-languageclient/node')): void {
  const feature = languageClient.getFeature(lc.ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  const own = new Set<string>(Object.values(CLIENT_COMMANDS));
  feature.register = (data) =>
    register({ ...data, registerOptions: { ...data.registerOptions, commands: data.registerOptions.commands.filter((c) => !own.has(c)) } });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
