/**
 * Nearest known key for a misspelt one, used only when an unknown-key diagnostic arrives without a
 * `suggestion`. The schema (schema/) is the source of truth for field names; this short list covers the blocks
 * where typos matter most until every diagnostic carries its suggestion.
 */
const TOP = ['global', 'rule_files', 'scrape_config_files', 'scrape_configs', 'alerting', 'remote_write', 'remote_read', 'storage', 'tracing', 'otlp', 'runtime'];
const GLOBAL = ['scrape_interval', 'scrape_timeout', 'evaluation_interval', 'external_labels', 'query_log_file', 'rule_query_offset', 'body_size_limit', 'sample_limit', 'label_limit', 'label_name_length_limit', 'label_value_length_limit', 'target_limit', 'keep_dropped_targets', 'scrape_protocols', 'scrape_failure_log_file'];
const SCRAPE = [
  'job_name', 'honor_labels', 'honor_timestamps', 'track_timestamps_staleness', 'scheme', 'params', 'scrape_interval', 'scrape_timeout',
  'scrape_protocols', 'fallback_scrape_protocol', 'metrics_path', 'enable_compression', 'basic_auth', 'authorization', 'oauth2',
  'bearer_token', 'bearer_token_file', 'tls_config', 'proxy_url', 'no_proxy', 'proxy_from_environment', 'follow_redirects',
  'enable_http2', 'http_headers', 'static_configs', 'file_sd_configs', 'dns_sd_configs', 'kubernetes_sd_configs', 'consul_sd_configs',
  'relabel_configs', 'metric_relabel_configs', 'body_size_limit', 'sample_limit', 'label_limit', 'label_name_length_limit',
  'label_value_length_limit', 'target_limit', 'keep_dropped_targets', 'scrape_native_histograms', 'native_histogram_bucket_limit',
  'native_histogram_min_bucket_factor', 'scrape_classic_histograms', 'always_scrape_classic_histograms', 'metric_name_validation_scheme',
  'metric_name_escaping_scheme', 'scrape_failure_log_file',
];

export type KeyBlock = 'top' | 'global' | 'scrape';

const LISTS: Record<KeyBlock, readonly string[]> = { top: TOP, global: GLOBAL, scrape: SCRAPE };

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The one closest known key within a small distance, or undefined when none or several tie. */
export function suggestKey(key: string, block: KeyBlock): string | undefined {
  const normalized = key.trim().toLowerCase().replace(/[-\s]/g, '_');
  const limit = normalized.length <= 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const known of LISTS[block]) {
    const distance = editDistance(normalized, known);
    if (distance < bestDistance) [best, bestDistance, tie] = [known, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  return best !== undefined && bestDistance <= limit && !tie && best !== key ? best : undefined;
}
