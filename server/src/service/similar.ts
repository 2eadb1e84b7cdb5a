/** "Did you mean": the one known name close to a misspelt one. */

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > 8) return Math.abs(m - n);
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...new Array<number>(n).fill(0)]);
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** Keys people write for another key, too far apart for an edit distance to find. */
const KNOWN_CONFUSIONS: Record<string, string> = {
  target_relabel_configs: 'relabel_configs',
  relabel_config: 'relabel_configs',
  metric_relabel_config: 'metric_relabel_configs',
  metrics_relabel_configs: 'metric_relabel_configs',
  static_config: 'static_configs',
  scrape_config: 'scrape_configs',
  honour_timestamps: 'honor_timestamps',
  bearer_token_path: 'bearer_token_file',
  insecure: 'insecure_skip_verify',
  skip_verify: 'insecure_skip_verify',
  labels_limit: 'label_limit',
  interval: 'scrape_interval',
  timeout: 'scrape_timeout',
  path: 'metrics_path',
};

/** The closest of `candidates` to `name`, if exactly one is close enough. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const confusion = KNOWN_CONFUSIONS[name];
  if (confusion && candidates.includes(confusion)) return confusion;
  const lower = name.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return exactCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const c of candidates) {
    const distance = editDistance(lower, c.toLowerCase());
    if (distance < bestDistance) [best, bestDistance, tie] = [c, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 4)));
  return best !== undefined && bestDistance <= limit && !tie ? best : undefined;
}
