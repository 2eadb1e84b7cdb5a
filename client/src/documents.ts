/**
 * Which documents promfed handles, decided exactly as the server decides (same module): by file name, by a
 * top-level `scrape_configs:` in a YAML document, or by the user's `promfed.files` globs.
 */
import * as vscode from 'vscode';
import { isPrometheusConfig } from '../../server/src/service/fileMatch';

export const SCHEMES = ['file', 'untitled'] as const;

/** The `promfed.files` globs that apply to `uri`. */
export function filesSetting(uri?: vscode.Uri): string[] {
  const files = vscode.workspace.getConfiguration('promfed', uri).get<unknown>('files');
  return Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && f !== '') : [];
}

/** Per document version, so switching editors or re-checking costs nothing. */
const verdicts = new WeakMap<vscode.TextDocument, { version: number; handled: boolean }>();

/** Forgets cached verdicts, e.g. after `promfed.files` changed. */
export function forgetVerdicts(): void {
  for (const document of vscode.workspace.textDocuments) verdicts.delete(document);
}

export function isPromfedDocument(document: vscode.TextDocument): boolean {
  if (!(SCHEMES as readonly string[]).includes(document.uri.scheme)) return false;
  const cached = verdicts.get(document);
  if (cached && cached.version === document.version) return cached.handled;
  const path = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path;
  const text = document.getText();
  // Name and content first: reading the settings is the slow part, and most configs never need it.
  const handled =
    isPrometheusConfig(path, text, [], document.languageId) || isPrometheusConfig(path, text, filesSetting(document.uri), document.languageId);
  verdicts.set(document, { version: document.version, handled });
  return handled;
}

/**
 * What the client syncs to the server: every YAML document (the server answers non-configs with no
 * diagnostics) plus whatever `promfed.files` names, e.g. `*.yml.j2` templates VS Code does not call YAML.
 */
export function documentSelector(globs: readonly string[]): { scheme: string; language?: string; pattern?: string }[] {
  const selector: { scheme: string; language?: string; pattern?: string }[] = SCHEMES.map((scheme) => ({ scheme, language: 'yaml' }));
  for (const glob of new Set(globs)) {
    // fileMatch.ts matches a relative glob against the end of the path; a DocumentFilter matches the whole path.
    selector.push({ scheme: 'file', pattern: glob.startsWith('/') || glob.startsWith('**/') ? glob : `**/${glob}` });
  }
  return selector;
}

/** Every `promfed.files` glob of the workspace, from all scopes, for the document selector. */
export function allFileGlobs(): string[] {
  const globs = new Set(filesSetting());
  for (const folder of vscode.workspace.workspaceFolders ?? []) for (const g of filesSetting(folder.uri)) globs.add(g);
  return [...globs].sort();
}
