/**
 * The VS Code side of the live /federate preview: a report view (webview, rendered by previewHtml.ts from the
 * report model the server sends for `promfed/previewJob`) and the raw exposition output as a read-only
 * virtual document (`promfed-preview:` scheme). Progress and cancellation come from the server's work-done
 * progress, which the language client shows as a cancellable notification.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PREVIEW_JOB_REQUEST, PREVIEW_SCHEME, type PreviewJobParams, type PreviewJobResult } from '../../server/src/protocol';
import { renderReportHtml } from './previewHtml';
import { PREVIEW_COMMANDS } from './protocol';

export { PREVIEW_COMMANDS };

type ClientSource = LanguageClient | (() => Promise<LanguageClient>);

function isJobArgs(value: unknown): value is { uri: string; jobIndex: number } {
  const v = value as { uri?: unknown; jobIndex?: unknown } | undefined;
  return !!v && typeof v.uri === 'string' && Number.isInteger(v.jobIndex);
}

/** Registers the report view, the output documents and the two commands. */
export function registerPreview(context: vscode.ExtensionContext, client: ClientSource): void {
  const getClient = typeof client === 'function' ? client : () => Promise.resolve(client);
  const outputs = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const panels = new Map<string, vscode.WebviewPanel>();
  let serial = 0;

  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => outputs.get(uri.toString()) ?? '# this preview is gone; run "promfed: Preview federation job" again\n',
  };

  async function openOutput(uriText: unknown): Promise<void> {
    if (typeof uriText !== 'string') return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  async function showReport(arg?: unknown): Promise<void> {
    let params: PreviewJobParams;
    if (isJobArgs(arg)) params = { uri: arg.uri, jobIndex: arg.jobIndex };
    else {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Open a prometheus.yml and place the cursor inside a federation job.');
        return;
      }
      const { line, character } = editor.selection.active;
      params = { uri: editor.document.uri.toString(), position: { line, character } };
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('promfed contacts no Prometheus server in Restricted Mode. Trust the workspace to preview federation jobs.');
      return;
    }
    const languageClient = await getClient();
    const result = await languageClient.sendRequest<PreviewJobResult | { error: string }>(PREVIEW_JOB_REQUEST, params);
    if ('error' in result) {
      void vscode.window.showWarningMessage(`promfed: ${result.error}`);
      return;
    }
    const { report } = result;
    const key = `${params.uri}#${report.jobIndex}`;
    const outputUri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${report.jobName || 'job'}.prom`, query: String(++serial) });
    const truncated = result.outputTruncated ? '\n# … cut at promfed.live.maxBytes\n' : '';
    outputs.set(outputUri.toString(), result.output + truncated);
    while (outputs.size > 20) outputs.delete(outputs.keys().next().value as string);
    let panel = panels.get(key);
    if (!panel) {
      panel = vscode.window.createWebviewPanel('promfed.previewReport', `Preview: ${report.jobName}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [PREVIEW_COMMANDS.openOutput],
      });
      panels.set(key, panel);
      panel.onDidDispose(() => panels.delete(key), null, context.subscriptions);
    }
    const outputLink = `command:${PREVIEW_COMMANDS.openOutput}?${encodeURIComponent(JSON.stringify([outputUri.toString()]))}`;
    panel.webview.html = renderReportHtml(report, { cspSource: panel.webview.cspSource, outputLink });
    panel.reveal(vscode.ViewColumn.Beside, true);
    await openOutput(outputUri.toString());
    // The output opens in the report's group and would cover it: the report is what was asked for, so it goes in front.
    panel.reveal(panel.viewColumn, true);
  }

  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider),
    vscode.commands.registerCommand(PREVIEW_COMMANDS.showReport, (arg?: unknown) =>
      showReport(arg).catch((e: unknown) => void vscode.window.showErrorMessage(`promfed: the preview failed: ${e instanceof Error ? e.message : String(e)}`)),
    ),
    vscode.commands.registerCommand(PREVIEW_COMMANDS.openOutput, openOutput),
    { dispose: () => panels.forEach((p) => p.dispose()) },
  );
}
