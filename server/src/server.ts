/**
 * The only file that knows the LSP connection: capabilities, handlers, and calls into the language service.
 * Runs over stdio (`--stdio`, any editor) or node IPC (the VS Code client).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
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
import { isPrometheusConfig } from './service/fileMatch';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from './service/settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const docsBaseUrl = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).href;
const service = createLanguageService({ docsBaseUrl, logError: (m) => connection.console.error(m) });

let pullConfiguration = false;
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
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
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
