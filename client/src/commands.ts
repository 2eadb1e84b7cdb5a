/**
 * promfed's editor commands. The client owns the VS Code command ids and forwards the work to the server's
 * `workspace/executeCommand` handlers, so a command works from the palette, a menu or a code action alike.
 */
import * as vscode from 'vscode';
import type { LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';
import { jobAtLine } from './jobAt';
import { CLIENT_COMMANDS, SERVER_COMMANDS, type JobArgs } from './protocol';

export interface CommandHost {
  /** The running client, started on demand. */
  readonly client: () => Promise<LanguageClient>;
  readonly restart: () => Promise<void>;
  readonly log: vscode.LogOutputChannel;
}

function isJobArgs(value: unknown): value is JobArgs {
  const v = value as JobArgs | undefined;
  return !!v && typeof v.uri === 'string' && Number.isInteger(v.jobIndex) && v.jobIndex >= 0;
}

/** The job to act on: from the arguments (code action), else under the cursor of the active editor. */
function resolveJob(arg: unknown): (JobArgs & { jobName?: string }) | undefined {
  if (isJobArgs(arg)) return arg;
  const editor = vscode.window.activeTextEditor;
  // A menu passes the editor's resource; only act on it when it is the active editor.
  if (!editor || (arg instanceof vscode.Uri && arg.toString() !== editor.document.uri.toString())) return undefined;
  const job = jobAtLine(editor.document.getText(), editor.selection.active.line);
  if (!job) {
    void vscode.window.showInformationMessage('Place the cursor inside a job of scrape_configs, then run the command again.');
    return undefined;
  }
  return { uri: editor.document.uri.toString(), jobIndex: job.jobIndex, jobName: job.jobName };
}

function serverSupports(client: LanguageClient, command: string): boolean {
  return !!client.initializeResult?.capabilities.executeCommandProvider?.commands.includes(command);
}

/** Sends `workspace/executeCommand`; undefined (after telling the user) when the server lacks the command. */
async function runServerCommand(host: CommandHost, command: string, args: object, what: string): Promise<unknown> {
  const client = await host.client();
  if (!serverSupports(client, command)) {
    host.log.info(`the server does not offer ${command} yet`);
    void vscode.window.showInformationMessage(`This version of the promfed language server cannot ${what} yet.`);
    return undefined;
  }
  return client.sendRequest('workspace/executeCommand', { command, arguments: [args] });
}

/** Applies a WorkspaceEdit a server command returned (servers may also apply it themselves and return null). */
async function applyReturnedEdit(client: LanguageClient, result: unknown): Promise<boolean> {
  const edit = result as Partial<WorkspaceEdit> | null | undefined;
  if (!edit || (edit.changes === undefined && edit.documentChanges === undefined)) return false;
  return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit as WorkspaceEdit));
}

/** Asks how many jobs to split into: common answers in a quick pick, any other number in an input box. */
async function askGroups(jobName: string | undefined): Promise<number | undefined> {
  const other = 'Other…';
  const picked = await vscode.window.showQuickPick(['2', '3', '4', '6', '8', other], {
    title: `Split federation job${jobName ? ` "${jobName}"` : ''} into K jobs`,
    placeHolder: 'K: how many jobs share its match[] selectors',
  });
  if (picked === undefined) return undefined;
  if (picked !== other) return Number(picked);
  const typed = await vscode.window.showInputBox({
    title: 'Split federation job into K jobs',
    prompt: 'K, a whole number from 2 to 64',
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 2 && Number(v) <= 64 ? undefined : 'Enter a whole number from 2 to 64'),
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

/** Registered by registerPreview (client/src/preview.ts). */
const PREVIEW_REPORT_COMMAND = 'promfed.previewJobReport';

export function registerCommands(host: CommandHost): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CLIENT_COMMANDS.restartServer, () => host.restart()),

    vscode.commands.registerCommand(CLIENT_COMMANDS.previewJob, async (arg?: unknown) => {
      const job = resolveJob(arg);
      if (!job) return;
      // The report view (client/src/preview.ts) asks the server and shows the verdict, charts and output.
      await vscode.commands.executeCommand(PREVIEW_REPORT_COMMAND, { uri: job.uri, jobIndex: job.jobIndex });
    }),

    vscode.commands.registerCommand(CLIENT_COMMANDS.splitJobInto, async (arg?: unknown) => {
      const job = resolveJob(arg);
      if (!job) return;
      const groups = await askGroups(job.jobName);
      if (groups === undefined) return;
      const result = await runServerCommand(host, SERVER_COMMANDS.splitJob, { uri: job.uri, jobIndex: job.jobIndex, groups }, 'split a federation job');
      if (result === undefined) return;
      // The server answers `{ applied: false, error }` for a job it cannot split: say why, or nothing happens.
      const error = (result as { error?: unknown } | null)?.error;
      if (typeof error === 'string') {
        host.log.info(`${SERVER_COMMANDS.splitJob}: ${error}`);
        void vscode.window.showWarningMessage(`promfed: ${error}`);
        return;
      }
      await applyReturnedEdit(await host.client(), result);
    }),
  ];
}
