/**
 * The only file that knows the LSP connection: capabilities, handlers, and calls into the language service.
 * Runs over stdio (`--stdio`, any editor) or node IPC (the VS Code client).
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionTriggerKind,
  CodeLensRefreshRequest,
  CompletionList,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeActionContext,
  type CodeLens,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createServerConnection, PrebuiltJson } from './transport';
import { createLanguageService, type ParsedConfig, type UnparsedConfig } from './service';
import { CODE_ACTION_KINDS, codeActions, resolveCodeAction, SPLIT_JOB_COMMAND, splitJobCommand, type SplitJobArgs } from './service/actions';
import { completeAt, completeInText } from './service/completion';
import { LineIndex } from './service/ranges';
import { hoverAt } from './service/hover';
import { isPrometheusConfig } from './service/fileMatch';
import { DEFAULT_SETTINGS, sanitizeSettings, type Settings } from './service/settings';
import { createFederateClient } from './federate/client';
import { createFederateCache } from './federate/cache';
import { createLabelsClient } from './federate/labels';
import { createLivePreview, liveAllowed, type ConfigContext, type ProgressSink } from './preview/livePreview';
import { PREVIEW_JOB_COMMAND, PREVIEW_JOB_REQUEST, type PreviewJobParams, type PreviewJobResult } from './protocol';
import { DiagnosticJsonCache, diagnosticsJson, toDiagnostics } from './service/diagnostics';
import type { Finding } from './service/types';
import { checkedFromScratch, setServerFlags } from './serverFlags';

setServerFlags();

// Hardening: guarded stdio (garbage or a runaway message on stdin -> log and exit); see transport.ts.
const { connection, prebuiltJson } = createServerConnection();
/** The JSON of published diagnostics' messages, reused from one version to the next (stdio only). */
const diagnosticJson = new DiagnosticJsonCache();
const documents = new TextDocuments(TextDocument);

let firstCheckPublished: () => void = () => undefined;
/** Settles when the server has published its first check's diagnostics (serverBoot.ts then keeps the compile cache). */
export const firstCheck = new Promise<void>((resolve) => (firstCheckPublished = resolve));

const docsBaseUrl = pathToFileURL(path.join(__dirname, '..', 'docs', 'rules')).href;
const service = createLanguageService({ logError: (m) => connection.console.error(m) });

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
const parsedCache = new Map<string, { version: number; parsed: ParsedConfig | UnparsedConfig }>();
/** The findings behind each document's last published diagnostics, for the quick fixes asked about them. */
const publishedFindings = new Map<string, { version: number; findings: readonly Finding[] }>();
/**
 * Validations waiting for the event loop; a newer change of the same document replaces the older one. A re-check
 * after a one-job edit takes milliseconds.
 */
const pending = new Map<string, NodeJS.Timeout>();
/**
 * Bursts collapse, single edits do not wait. vscode-jsonrpc hands messages over one per event-loop turn, so
 * validating on the next turn re-checked every version of a 1 000-edit storm and the server went deaf
 * (test/lsp/robustness, bench/hostile). A change that arrives within the last validation's duration of the
 * previous change is part of a burst: it waits that long (bounded) for the burst to end. A lone edit is
 * checked on the next turn, so no fixed debounce adds to its latency.
 */
const BURST_DELAY_MIN_MS = 5;
const BURST_DELAY_MAX_MS = 250;
const lastChangeAt = new Map<string, number>();
const lastValidationMs = new Map<string, number>();

/**
 * A text that cannot be parsed job by job (a quote left open in `global:`, an item typed one column too deep) is
 * parsed whole: seconds on thousands of jobs, during which no request is answered. While a large document is being
 * typed, such a version is left unparsed: its validation waits until the typing has paused for about as long as
 * the whole parse would take, automatic code actions answer empty, and completion reads the text alone (it needs
 * no parse; see onCompletion). Versions typed past before the pause are never parsed whole. The first version of a
 * document is always parsed.
 */
const DEFER_WHOLE_PARSE_CHARS = 256 * 1024;
function wholeParseSettleMs(chars: number): number {
  if (chars < DEFER_WHOLE_PARSE_CHARS) return 0;
  // A whole parse and check takes ~0.5 ms per KB (2.2-3 s on the 5 000-job benchmark file, docs/performance.md).
  return Math.min(1000, Math.max(400, chars / 2000));
}

/** How long until the document has been unchanged for its settle time; 0 when it has (or is small). */
function typingLeftMs(uri: string, chars: number): number {
  const settle = wholeParseSettleMs(chars);
  return settle === 0 ? 0 : Math.max(0, (lastChangeAt.get(uri) ?? -Infinity) + settle - performance.now());
}

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

/** The document's parse; with `deferWhole`, undefined instead of a whole parse while it is being typed (see above). */
function parsedFor(document: TextDocument): ParsedConfig;
function parsedFor(document: TextDocument, options: { deferWhole: boolean; checkWith?: Settings }): ParsedConfig | undefined;
function parsedFor(document: TextDocument, options?: { deferWhole: boolean; checkWith?: Settings }): ParsedConfig | undefined {
  const cached = parsedCache.get(document.uri);
  const current = cached && cached.version === document.version ? cached.parsed : undefined;
  if (current && 'model' in current) return current;
  const text = document.getText();
  const allowWhole = !options?.deferWhole || !cached || typingLeftMs(document.uri, text.length) === 0;
  // This version was left unparsed and still waits: a second try would read the text again (10-23 ms on 5 MB) for
  // the same answer.
  if (current && !allowWhole) return undefined;
  // A first parse for validation checks each job as it parses it and keeps no job's nodes (service parseChecked).
  const parsed = service.parse(text, cached?.parsed, { allowWhole, ...(options?.checkWith ? { checkWith: options.checkWith } : {}) });
  parsedCache.set(document.uri, { version: document.version, parsed });
  return 'model' in parsed ? parsed : undefined;
}

async function validate(document: TextDocument): Promise<void> {
  const settings = await settingsFor(document.uri);
  const current = documents.get(document.uri);
  if (!current || current.version !== document.version) return; // superseded while settings were fetched
  const text = document.getText();
  if (!isPrometheusConfig(document.uri, text, settings.files, document.languageId)) {
    parsedCache.delete(document.uri);
    publishedFindings.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
    return;
  }
  const check = () => {
    const parsed = parsedFor(document, { deferWhole: true, checkWith: settings });
    return parsed && { parsed, findings: service.findings(parsed, settings) };
  };
  const checked = parsedCache.has(document.uri) ? check() : checkedFromScratch(check);
  if (!checked) {
    // Left unparsed while being typed: checked once the typing pauses, unless a newer version comes first.
    startValidation(document.uri, typingLeftMs(document.uri, text.length));
    return;
  }
  const { parsed, findings } = checked;
  publishedFindings.set(document.uri, { version: document.version, findings });
  // Without `data`: a quick fix finds its finding in publishedFindings (a third fewer bytes on large files).
  const lines = parsed.model.document.lines;
  let built: Diagnostic[] | undefined;
  // Built at most once per version: for IPC's publish, and for a live pass that merges with them.
  const staticDiagnostics = () => (built ??= toDiagnostics(findings, lines, document.uri, settings, docsBaseUrl, { withData: false }));
  // Over stdio the diagnostics are written straight to JSON (the same text), without the objects in between.
  const diagnostics = prebuiltJson ? (new PrebuiltJson(diagnosticsJson(findings, lines, document.uri, settings, docsBaseUrl, diagnosticJson)) as unknown as Diagnostic[]) : staticDiagnostics();
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  firstCheckPublished();
  if (lensesOwed.delete(document.uri) && codeLensRefreshSupported) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  scheduleLiveDiagnostics(document, settings, staticDiagnostics);
}

function scheduleValidation(document: TextDocument): void {
  const uri = document.uri;
  const now = performance.now();
  const cost = lastValidationMs.get(uri) ?? 0;
  const inBurst = pending.has(uri) || now - (lastChangeAt.get(uri) ?? -Infinity) < Math.max(cost, BURST_DELAY_MIN_MS);
  lastChangeAt.set(uri, now);
  // The live pass of the version before would publish nothing now.
  cancelLiveDiagnostics(uri);
  startValidation(uri, inBurst ? Math.min(BURST_DELAY_MAX_MS, Math.max(BURST_DELAY_MIN_MS, cost)) : 0);
}

/** Validates the document's version current at the time, in `delay` ms; replaces a validation pending for it. */
function startValidation(uri: string, delay: number): void {
  const previous = pending.get(uri);
  if (previous) clearTimeout(previous);
  pending.set(
    uri,
    setTimeout(() => {
      pending.delete(uri);
      const current = documents.get(uri);
      if (!current) return;
      const started = performance.now();
      validate(current)
        .then(() => lastValidationMs.set(uri, performance.now() - started))
        .catch((e) => connection.console.error(`validation failed: ${e instanceof Error ? e.message : String(e)}`));
    }, delay),
  );
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  pushedSettings = sanitizeSettings(params.initializationOptions?.settings ?? params.initializationOptions);
  resolveEdits = !!params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit');
  workDoneProgressSupported = params.capabilities.window?.workDoneProgress === true;
  codeLensRefreshSupported = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['/', ...SELECTOR_TRIGGERS] },
      codeActionProvider: { codeActionKinds: [...CODE_ACTION_KINDS], resolveProvider: true },
      executeCommandProvider: { commands: Object.keys(COMMAND_HANDLERS) },
      ...LIVE_CAPABILITIES,
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

type Config = { parsed: ParsedConfig; settings: Settings };
/** A version left unparsed while it is being typed (see parsedFor). */
type Unparsed = { parsed: undefined; settings: Settings; text: string };

/**
 * The parsed config of an open document promfed handles, with its settings; undefined for other YAML. With
 * `deferWhole`, possibly a version left unparsed while it is being typed (see parsedFor).
 */
async function configFor(uri: string): Promise<Config | undefined>;
async function configFor(uri: string, options: { deferWhole: boolean }): Promise<Config | Unparsed | undefined>;
async function configFor(uri: string, options = { deferWhole: false }): Promise<Config | Unparsed | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  const settings = await settingsFor(uri);
  const text = document.getText();
  if (!isPrometheusConfig(document.uri, text, settings.files, document.languageId)) return undefined;
  const parsed = parsedFor(document, options);
  return parsed ? { parsed, settings } : { parsed, settings, text };
}

connection.onHover(async ({ textDocument, position }, token) => {
  const config = await configFor(textDocument.uri);
  if (!config) return null;
  const { model } = config.parsed;
  const offset = model.document.lines.offsetAt(position);
  return withLiveHover(hoverAt(model, offset, config.settings.prometheusVersion), textDocument.uri, config, offset, token);
});

/** The largest unparsed text completion reads (see onCompletion). */
const TEXT_COMPLETION_MAX_CHARS = 1024 * 1024;

connection.onCompletion(async ({ textDocument, position, context }, token) => {
  const config = await configFor(textDocument.uri, { deferWhole: true });
  if (!config) return [];
  if (!config.parsed) {
    // Left unparsed while it is typed. Completion reads indentation only, so it needs no parse, but without the job
    // list's split it replays the lines from the top-level key above the cursor: ~30 ms per MB. Above 1 MiB it
    // answers empty, and is asked again at the next keystroke.
    if (config.text.length > TEXT_COMPLETION_MAX_CHARS) return CompletionList.create([], true);
    const lines = new LineIndex(config.text);
    return completeInText(config.text, lines, lines.offsetAt(position), config.settings.prometheusVersion);
  }
  const { model } = config.parsed;
  const offset = model.document.lines.offsetAt(position);
  const live = await liveCompletion(textDocument.uri, config, offset, token);
  // Typed inside a selector: only names from the target, never YAML keys.
  if (live || SELECTOR_TRIGGERS.includes(context?.triggerCharacter ?? '')) return live ?? [];
  return completeAt(model, offset, config.settings.prometheusVersion);
});

function isWellFormedRange(range: unknown): range is Range {
  const r = range as Range | undefined;
  return !!r && typeof r.start?.line === 'number' && typeof r.start?.character === 'number' && typeof r.end?.line === 'number' && typeof r.end?.character === 'number';
}

function isWellFormedDiagnostic(d: unknown): d is Diagnostic {
  return !!d && typeof d === 'object' && isWellFormedRange((d as Diagnostic).range);
}

/** Whether a code action request is the light bulb's, which a client sends on its own at every cursor move. */
function isLightBulb(context: CodeActionContext | undefined): boolean {
  // Fix-all on save comes as an automatic request too, for source actions only: the user asked for that one.
  return context?.triggerKind === CodeActionTriggerKind.Automatic && !context.only?.some((kind) => kind === 'source' || kind.startsWith('source.'));
}

connection.onCodeAction(async (params) => {
  // What the user asks for is always answered; the light bulb's requests wait while a version is left unparsed.
  const config = await configFor(params.textDocument.uri, { deferWhole: isLightBulb(params.context) });
  if (!config?.parsed) return [];
  // Clients echo back diagnostics as they stored them; anything without a well-formed range is not ours to fix.
  const diagnostics = (Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : []).filter(isWellFormedDiagnostic);
  if (!isWellFormedRange(params.range)) return [];
  const version = documents.get(params.textDocument.uri)?.version;
  const published = publishedFindings.get(params.textDocument.uri);
  const findings = published && published.version === version ? published.findings : service.findings(config.parsed, config.settings);
  return codeActions(config.parsed, params.textDocument.uri, params.range, diagnostics, config.settings, {
    only: params.context?.only,
    lazy: resolveEdits,
    findings,
  });
});

connection.onCodeActionResolve(async (action: CodeAction) => {
  const uri = (action.data as { uri?: unknown } | undefined)?.uri;
  const config = typeof uri === 'string' ? await configFor(uri) : undefined;
  return config ? resolveCodeAction(config.parsed, action, config.settings) : action;
});

async function runSplitJob(argv: unknown[]): Promise<unknown> {
  const args = argv[0] as SplitJobArgs | undefined;
  const config = typeof args?.uri === 'string' ? await configFor(args.uri) : undefined;
  if (!args || !config) return { applied: false, error: 'promfed.splitJob needs { uri, jobIndex } of an open Prometheus config.' };
  const result = splitJobCommand(config.parsed, args, config.settings);
  if ('error' in result) return { applied: false, error: result.error };
  const applied = await connection.workspace.applyEdit({ label: 'Split federation job', edit: result.edit }).then(
    (r) => !!r?.applied,
    () => false,
  );
  return { applied, edit: result.edit };
}

documents.onDidOpen((e) => scheduleValidation(e.document));
documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidClose((e) => {
  lastChangeAt.delete(e.document.uri);
  lastValidationMs.delete(e.document.uri);
  cancelLiveDiagnostics(e.document.uri);
  parsedCache.delete(e.document.uri);
  publishedFindings.delete(e.document.uri);
  lensesOwed.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  const timer = pending.get(e.document.uri);
  if (timer) clearTimeout(timer);
  pending.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// ---- Live /federate preview: hover section, completion from the target, preview command, code lens, live
// diagnostics. Every entry goes through liveAllowed(settings): no request unless promfed.live.enabled. ----

const SELECTOR_TRIGGERS = ['{', ',', '"', '='];
const LIVE_CAPABILITIES: Pick<InitializeResult['capabilities'], 'codeLensProvider'> = {
  codeLensProvider: { resolveProvider: false },
};
/** Live diagnostics wait for the typing to pause this long. */
const LIVE_DIAGNOSTICS_DELAY_MS = 750;

const federateClient = createFederateClient({ version: '0.1.0' });
const federateCache = createFederateCache((request, signal) => federateClient.fetchFederate(request, signal), { ttlMs: 30_000 });
const livePreview = createLivePreview({ client: federateClient, cache: federateCache, labels: createLabelsClient({ version: '0.1.0' }) });

function liveContext(uri: string, config: { parsed: ParsedConfig; settings: Settings }): ConfigContext {
  let baseDir: string | undefined;
  if (uri.startsWith('file:')) {
    try {
      baseDir = path.dirname(fileURLToPath(uri));
    } catch {
      baseDir = undefined;
    }
  }
  return { model: config.parsed.model, settings: config.settings, ...(baseDir ? { baseDir } : {}) };
}

/** An AbortSignal that fires when any of the LSP cancellation tokens does. */
function abortOn(...tokens: (CancellationToken | undefined)[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const subscriptions = tokens.map((t) => {
    if (t?.isCancellationRequested) controller.abort();
    return t?.onCancellationRequested(() => controller.abort());
  });
  return { signal: controller.signal, dispose: () => subscriptions.forEach((d) => d?.dispose()) };
}

function liveFailed(what: string, e: unknown): void {
  connection.console.error(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
}

async function withLiveHover(
  hover: ReturnType<typeof hoverAt>,
  uri: string,
  config: { parsed: ParsedConfig; settings: Settings },
  offset: number,
  token: CancellationToken,
): Promise<ReturnType<typeof hoverAt>> {
  if (!liveAllowed(config.settings)) return hover;
  const abort = abortOn(token);
  try {
    const section = await livePreview.hover(liveContext(uri, config), offset, abort.signal);
    if (!section) return hover;
    const contents = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    return { ...(hover ?? {}), contents: { kind: 'markdown', value: contents ? `${contents}\n\n---\n\n${section}` : section } };
  } catch (e) {
    liveFailed('live hover', e);
    return hover;
  } finally {
    abort.dispose();
  }
}

async function liveCompletion(uri: string, config: { parsed: ParsedConfig; settings: Settings }, offset: number, token: CancellationToken) {
  if (!liveAllowed(config.settings)) return undefined;
  const abort = abortOn(token);
  try {
    return await livePreview.complete(liveContext(uri, config), offset, abort.signal);
  } catch (e) {
    liveFailed('live completion', e);
    return undefined;
  } finally {
    abort.dispose();
  }
}

let workDoneProgressSupported = false;

/** Runs the preview of one job with LSP work-done progress (client token, or one the server creates). */
async function runPreviewJob(params: PreviewJobParams, token: CancellationToken): Promise<PreviewJobResult | { error: string }> {
  if (!params || typeof params.uri !== 'string') return { error: 'expected { uri, jobIndex } or { uri, position }' };
  const config = await configFor(params.uri);
  if (!config) return { error: `${params.uri} is not an open Prometheus config` };
  if (!liveAllowed(config.settings)) return { error: 'Live access is off (promfed.live.enabled; in VS Code also Workspace Trust), so promfed sends no request.' };
  let jobIndex = params.jobIndex;
  if (!Number.isInteger(jobIndex) && params.position) {
    const { model } = config.parsed;
    const offset = model.document.lines.offsetAt(params.position);
    jobIndex = model.jobs.find((j) => offset >= j.span.start && offset <= j.span.end)?.index;
  }
  if (jobIndex === undefined || !Number.isInteger(jobIndex)) return { error: 'Place the cursor inside a federation job of scrape_configs.' };
  const reporter =
    params.workDoneToken !== undefined
      ? connection.window.attachWorkDoneProgress(params.workDoneToken)
      : workDoneProgressSupported
        ? await connection.window.createWorkDoneProgress()
        : undefined;
  const abort = abortOn(token, reporter && 'token' in reporter ? (reporter.token as CancellationToken) : undefined);
  const job = config.parsed.model.jobs[jobIndex];
  reporter?.begin(`promfed: previewing ${job?.name ? `"${job.name}"` : 'federation job'}`, 0, 'connecting', true);
  const progress: ProgressSink = { report: (message, percentage) => reporter?.report(percentage, message) };
  try {
    return await livePreview.previewJob(liveContext(params.uri, config), jobIndex, { perSelector: params.perSelector !== false, progress, signal: abort.signal });
  } finally {
    reporter?.done();
    abort.dispose();
  }
}

connection.onRequest(PREVIEW_JOB_REQUEST, (params: PreviewJobParams, token: CancellationToken) => runPreviewJob(params, token));

/** Every workspace/executeCommand id the server serves, and what runs it. */
const COMMAND_HANDLERS: Record<string, (args: unknown[], token: CancellationToken) => Promise<unknown>> = {
  [SPLIT_JOB_COMMAND]: (args) => runSplitJob(args),
  [PREVIEW_JOB_COMMAND]: (args, token) => runPreviewJob(args[0] as PreviewJobParams, token),
};

connection.onExecuteCommand(async (params, token) => {
  const handler = COMMAND_HANDLERS[params.command];
  return handler ? handler(params.arguments ?? [], token) : null;
});

let codeLensRefreshSupported = false;
/** Documents whose code lenses were asked for while a version was left unparsed: the client is asked again later. */
const lensesOwed = new Set<string>();

connection.onCodeLens(async ({ textDocument }) => {
  // VS Code asks after every change. Without live access there is no lens, and nothing to parse.
  if (!documents.get(textDocument.uri) || !liveAllowed(await settingsFor(textDocument.uri))) return [];
  const config = await configFor(textDocument.uri, { deferWhole: true });
  if (!config) return [];
  if (!config.parsed) {
    // Left unparsed while it is typed: turned away (VS Code then shows none of promfed's lenses for a moment), and a
    // client that can refresh is asked to once the version is parsed.
    lensesOwed.add(textDocument.uri);
    throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document is being typed; its code lenses follow when the typing pauses.');
  }
  const { model } = config.parsed;
  return model.jobs
    // A federation job is a mapping (its metrics_path says so): its nodes are not read for the lens.
    .filter((job) => job.isFederation)
    .map((job) => {
      const span = job.anchor;
      const lens: CodeLens = {
        range: model.document.lines.range(span.start, span.end),
        command: { title: 'Preview /federate', command: PREVIEW_JOB_COMMAND, arguments: [{ uri: textDocument.uri, jobIndex: job.index }] },
      };
      return lens;
    });
});

const liveRuns = new Map<string, { timer: NodeJS.Timeout; controller: AbortController }>();

function cancelLiveDiagnostics(uri: string): void {
  const run = liveRuns.get(uri);
  if (!run) return;
  clearTimeout(run.timer);
  run.controller.abort();
  liveRuns.delete(uri);
}

/** The second, asynchronous diagnostics pass: measured findings merged with the static ones of the same version. */
function scheduleLiveDiagnostics(document: TextDocument, settings: Settings, staticDiagnostics: () => Diagnostic[]): void {
  cancelLiveDiagnostics(document.uri);
  if (!liveAllowed(settings) || !settings.live.diagnostics) return;
  const controller = new AbortController();
  const timer = setTimeout(() => {
    const config = { parsed: parsedFor(document), settings };
    livePreview
      .liveFindings(liveContext(document.uri, config), controller.signal)
      .then((findings) => {
        const current = documents.get(document.uri);
        if (controller.signal.aborted || !current || current.version !== document.version) return;
        // Published even when empty: one message per pass tells a client (and the tests) that the pass ran.
        const live = toDiagnostics(findings, config.parsed.model.document.lines, document.uri, settings, docsBaseUrl);
        void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [...staticDiagnostics(), ...live] });
      })
      .catch((e) => liveFailed('live diagnostics', e))
      .finally(() => {
        if (liveRuns.get(document.uri)?.controller === controller) liveRuns.delete(document.uri);
      });
  }, LIVE_DIAGNOSTICS_DELAY_MS);
  liveRuns.set(document.uri, { timer, controller });
}

documents.listen(connection);
connection.listen();
