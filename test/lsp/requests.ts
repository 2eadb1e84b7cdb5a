/**
 * Every request kind a client may send, with parameters for a document and a position, so protocol tests can
 * exercise whatever the server advertises (and what it does not: that must answer "method not found").
 */
import type { Position } from 'vscode-languageserver-types';

export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
export const REQUEST_CANCELLED = -32800;

export interface RequestKind {
  readonly method: string;
  /** The capability that advertises it (a key of ServerCapabilities, or `key.sub`). */
  readonly capability: string;
  params(uri: string, position: Position): unknown;
}

const at = (uri: string, position: Position) => ({ textDocument: { uri }, position });
const whole = (uri: string, position: Position) => ({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: position } });

export const REQUEST_KINDS: readonly RequestKind[] = [
  { method: 'textDocument/hover', capability: 'hoverProvider', params: at },
  { method: 'textDocument/completion', capability: 'completionProvider', params: at },
  { method: 'completionItem/resolve', capability: 'completionProvider.resolveProvider', params: () => ({ label: 'job_name' }) },
  { method: 'textDocument/codeAction', capability: 'codeActionProvider', params: (uri, p) => ({ ...whole(uri, p), context: { diagnostics: [] } }) },
  { method: 'codeAction/resolve', capability: 'codeActionProvider.resolveProvider', params: (uri) => ({ title: 'x', data: { promfed: 'split', uri, jobIndex: 0 } }) },
  { method: 'textDocument/definition', capability: 'definitionProvider', params: at },
  { method: 'textDocument/references', capability: 'referencesProvider', params: (uri, p) => ({ ...at(uri, p), context: { includeDeclaration: true } }) },
  { method: 'textDocument/documentHighlight', capability: 'documentHighlightProvider', params: at },
  { method: 'textDocument/documentSymbol', capability: 'documentSymbolProvider', params: (uri) => ({ textDocument: { uri } }) },
  { method: 'textDocument/foldingRange', capability: 'foldingRangeProvider', params: (uri) => ({ textDocument: { uri } }) },
  { method: 'textDocument/selectionRange', capability: 'selectionRangeProvider', params: (uri, p) => ({ textDocument: { uri }, positions: [p] }) },
  { method: 'textDocument/signatureHelp', capability: 'signatureHelpProvider', params: at },
  { method: 'textDocument/documentLink', capability: 'documentLinkProvider', params: (uri) => ({ textDocument: { uri } }) },
  { method: 'textDocument/codeLens', capability: 'codeLensProvider', params: (uri) => ({ textDocument: { uri } }) },
  { method: 'textDocument/formatting', capability: 'documentFormattingProvider', params: (uri) => ({ textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }) },
  { method: 'textDocument/rename', capability: 'renameProvider', params: (uri, p) => ({ ...at(uri, p), newName: 'renamed' }) },
  { method: 'textDocument/inlayHint', capability: 'inlayHintProvider', params: whole },
  { method: 'textDocument/semanticTokens/full', capability: 'semanticTokensProvider', params: (uri) => ({ textDocument: { uri } }) },
  { method: 'textDocument/diagnostic', capability: 'diagnosticProvider', params: (uri) => ({ textDocument: { uri } }) },
  { method: 'workspace/symbol', capability: 'workspaceSymbolProvider', params: () => ({ query: 'job' }) },
];

/** Whether `capabilities` advertises `kind` (a nested `a.b` capability needs both levels). */
export function advertised(capabilities: Record<string, any>, kind: RequestKind): boolean {
  const [top, sub] = kind.capability.split('.');
  const value = capabilities[top];
  if (!value) return false;
  return sub ? !!(typeof value === 'object' && value[sub]) : true;
}

/** `workspace/executeCommand` for each command the server advertises. */
export function commandRequests(capabilities: Record<string, any>, uri: string): { method: string; params: unknown }[] {
  const commands: string[] = capabilities.executeCommandProvider?.commands ?? [];
  return commands.map((command) => ({ method: 'workspace/executeCommand', params: { command, arguments: [{ uri, jobIndex: 0 }] } }));
}
