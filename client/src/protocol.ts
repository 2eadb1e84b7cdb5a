/** Names the client shares with package.json and the server; pure, so unit tests can import it. */

/** VS Code command ids the client registers and package.json contributes. */
export const CLIENT_COMMANDS = {
  restartServer: 'promfed.restartServer',
  previewJob: 'promfed.previewJob',
  splitJobInto: 'promfed.splitJobInto',
} as const;

/** Server-side `workspace/executeCommand` ids (server/src owns their implementation). */
export const SERVER_COMMANDS = {
  previewJob: 'promfed.previewJob',
  splitJob: 'promfed.splitJob',
} as const;

/** What the server commands take; a code action may pass it to the client commands directly. */
export interface JobArgs {
  readonly uri: string;
  readonly jobIndex: number;
}

/** True while the active editor shows a document promfed handles; menus' `when` clauses use it. */
export const CONTEXT_KEY = 'promfed.isPrometheusConfig';

/** Commands of the preview report view (client/src/preview.ts); package.json contributes them. */
export const PREVIEW_COMMANDS = {
  /** Args: `{ uri, jobIndex }` (code lens, code action, the client's promfed.previewJob), or none: the job at the cursor. */
  showReport: 'promfed.previewJobReport',
  /** Args: the `promfed-preview:` URI string of an output document. */
  openOutput: 'promfed.openPreviewOutput',
} as const;
