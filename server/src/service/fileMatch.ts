/** Which files promfed looks at: Prometheus configs by name, by content, or by the user's globs. */

const NAME = /(^|[\\/])(?:[^\\/]*\.)?prometheus\.ya?ml$/i;
// Decided from the text, so a file full of syntax errors still counts.
const TOP_LEVEL_SCRAPE_CONFIGS = /^scrape_configs[ \t]*:/m;

/** Converts a glob (`**`, `*`, `?`, `{a,b}`, `[abc]`) to a RegExp over `/`-separated paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  // Anchored at a path segment: `prometheus-*.yml` matches that base name in any folder, `conf/*.yml` that
  // folder anywhere, like VS Code's files.associations.
  return new RegExp(`(?:^|/)${re}$`);
}

/** `path` may be a file path or a URI; `text` the document's content. */
export function isPrometheusConfig(path: string, text: string, globs: readonly string[] = [], languageId?: string): boolean {
  let normalized = path.replace(/^file:\/\//, '');
  try {
    normalized = decodeURIComponent(normalized);
  } catch {
    // A malformed %-escape: match on the raw text.
  }
  normalized = normalized.replace(/\\/g, '/');
  if (NAME.test(normalized)) return true;
  const yaml = /\.ya?ml$/i.test(normalized) || languageId === 'yaml';
  if (yaml && TOP_LEVEL_SCRAPE_CONFIGS.test(text)) return true;
  return globs.some((g) => globToRegExp(g).test(normalized));
}
