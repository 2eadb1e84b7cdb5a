/**
 * The only file that knows the LSP connection: capabilities, handlers, and calls into the language service.
 * Runs over stdio (`--stdio`, any editor) or node IPC (the VS Code client).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService, type ParsedConfig } from './service';
import { CODE_ACTION_KINDS, codeActions, COMMANDS, resolveCodeAction, SPLIT_JOB_COMMAND, splitJobCommand, type SplitJobArgs } from './service/actions';
import { completeAt } from './service/completion';
import { hoverAt } from './service/hover';
import { isPrometheusConfig } from './service/fileMatch';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from './service/settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const docsBaseUrl = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).href;
const service = createLanguageService({ docsBaseUrl, logError: (m) => connection.console.error(m) });

let pullConfiguration = false;
/** The client can fill in a code action's edit later (codeAction/resolve), so refactorings are computed lazily. */
let resolveEdits = false;
/** Settings pushed by the client (initializationOptions or didChangeConfiguration), when it cannot be asked. */
let pushedSettings: Settings = DEFAULT_SETTINGS;
const settingsCache = new Map<string, Promise<Settings>>();

/**
 * One parse per document version, shared by every request on that version. The next version's parse starts
 * from it: jobs whose text did not change keep their parse and their findings.
 */
const parsedCache = new Map<string, { version: number; parsed: ParsedConfig }>();
/**
 * Validations waiting for the event loop: no fixed debounce, since a re-check after a one-job edit takes
 * milliseconds. Changes that arrive together (fast typing) are still checked once, on the newest version.
 */
const pending = new Map<string, NodeJS.Immediate>();

function settingsFor(uri: string): Promise<Settings> {
  if (!pullConfiguration) return Promise.resolve(pushedSettings);
  let cached = settingsCache.get(uri);
  if (!cached) {
    cached = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'promfed' })
      .then(sanitizeSettings, () => pushedSettings);
    settingsCache.set(uri, cached);
  }
  return cached;
}

export function parsedFor(document: TextDocument): ParsedConfig {
  const cached = parsedCache.get(document.uri);
  if (cached && cached.version === document.version) return cached.parsed;
  const parsed = service.parse(document.getText(), cached?.parsed);
  parsedCache.set(document.uri, { version: document.version, parsed });
  return parsed;
}

async function validate(document: TextDocument): Promise<void> {
  const settings = await settingsFor(document.uri);
  const current = documents.get(document.uri);
  if (!current || current.version !== document.version) return; // superseded while settings were fetched
  const text = document.getText();
  if (!isPrometheusConfig(document.uri, text, settings.files, document.languageId)) {
    parsedCache.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
    return;
  }
  const diagnostics = service.validate(parsedFor(document), document.uri, settings);
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

function scheduleValidation(document: TextDocument): void {
  const previous = pending.get(document.uri);
  if (previous) clearImmediate(previous);
  pending.set(
    document.uri,
    setImmediate(() => {
      pending.delete(document.uri);
      const current = documents.get(document.uri);
      if (current) validate(current).catch((e) => connection.console.error(`validation failed: ${e instanceof Error ? e.message : String(e)}`));
    }),
  );
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  pushedSettings = sanitizeSettings(params.initializationOptions?.settings ?? params.initializationOptions);
  resolveEdits = !!params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['/'] },
      codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS], resolveProvider: true },
      executeCommandProvider: { commands: [...COMMANDS] },
    },
    serverInfo: { name: 'promfed', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'promfed' });
});

connection.onDidChangeConfiguration((change) => {
  settingsCache.clear();
  const pushed = (change.settings as { promfed?: unknown } | null)?.promfed;
  if (pushed !== undefined) pushedSettings = sanitizeSettings(pushed);
  for (const document of documents.all()) scheduleValidation(document);
});

/** The parsed config of an open document promfed handles, with its settings; undefined for other YAML. */
async function configFor(uri: string): Promise<{ parsed: ParsedConfig; settings: Settings } | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const settings = await settingsFor(uri);
  if (!isPrometheusConfig(document.uri, document.getText(), settings.files, document.languageId)) return undefined;
  return { parsed: parsedFor(document), settings };
}

connection.onHover(async ({ textDocument, position }) => {
  const config = await configFor(textDocument.uri);
  if (!config) return null;
  const { model } = config.parsed;
  return hoverAt(model, model.document.lines.offsetAt(position), config.settings.prometheusVersion);
});

connection.onCompletion(async ({ textDocument, position }) => {
  const config = await configFor(textDocument.uri);
  if (!config) return [];
  const { model } = config.parsed;
  return completeAt(model, model.document.lines.offsetAt(position), config.settings.prometheusVersion);
});

connection.onCodeAction(async (params) => {
  const config = await configFor(params.textDocument.uri);
  if (!config) return [];
  return codeActions(config.parsed, params.textDocument.uri, params.range, params.context.diagnostics, config.settings, {
    only: params.context.only,
    lazy: resolveEdits,
  });
});

connection.onCodeActionResolve(async (action: CodeAction) => {
  const uri = (action.data as { uri?: unknown } | undefined)?.uri;
  const config = typeof uri === 'string' ? await configFor(uri) : undefined;
  return config ? resolveCodeAction(config.parsed, action, config.settings) : action;
});

connection.onExecuteCommand(async (params) => {
  if (params.command !== SPLIT_JOB_COMMAND) return null;
  const args = params.arguments?.[0] as SplitJobArgs | undefined;
  const config = typeof args?.uri === 'string' ? await configFor(args.uri) : undefined;
  if (!args || !config) return { applied: false, error: 'promfed.splitJob needs { uri, jobIndex } of an open Prometheus config.' };
  const result = splitJobCommand(config.parsed, args, config.settings);
  if ('error' in result) return { applied: false, error: result.error };
  const applied = await connection.workspace.applyEdit({ label: 'Split federation job', edit: result.edit }).then(
    (r) => !!r?.applied,
    () => false,
  );
  return { applied, edit: result.edit };
});

documents.onDidOpen((e) => scheduleValidation(e.document));
documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidClose((e) => {
  parsedCache.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  const timer = pending.get(e.document.uri);
  if (timer) clearImmediate(timer);
  pending.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
