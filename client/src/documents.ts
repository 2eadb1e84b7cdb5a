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

export function isPromfedDocument(document: vscode.TextDocument): boolean {
  if (!(SCHEMES as readonly string[]).includes(document.uri.scheme)) return false;
  const path = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path;
  return isPrometheusConfig(path, document.getText(), filesSetting(document.uri), document.languageId);
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
