/**
 * promfed's settings: the defaults live here and only here (package.json declares the same values; a test
 * checks they agree), and every value from a client is sanitised once before the service sees it.
 */
import type { PromVersion, SeveritySetting } from './types';

export interface LiveSettings {
  /** Whether promfed may contact the Prometheus servers a config names. */
  readonly enabled: boolean;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Job name -> host:port, for jobs whose targets come from service discovery. */
  readonly targets: Readonly<Record<string, string>>;
  readonly diagnostics: boolean;
}

export interface Settings {
  readonly prometheusVersion: PromVersion;
  /** Extra glob patterns of files promfed treats as Prometheus configs. */
  readonly files: readonly string[];
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly live: LiveSettings;
}

export const DEFAULT_SETTINGS: Settings = {
  prometheusVersion: '3',
  files: [],
  rules: {},
  live: {
    // Off unless a client turns it on: a config file is input from whoever wrote it.
    enabled: false,
    timeoutMs: 10_000,
    maxBytes: 16 * 1024 * 1024,
    targets: {},
    diagnostics: false,
  },
};

/**
 * Where the VS Code extension's defaults differ from the server's, and why: VS Code has Workspace Trust,
 * so live access defaults on there and stays off in restricted mode.
 */
export const VSCODE_DEFAULT_OVERRIDES: Readonly<Record<string, unknown>> = { 'live.enabled': true };

const SEVERITIES: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function boundedNumber(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Turns whatever a client sent (possibly nothing, possibly garbage) into valid settings. */
export function sanitizeSettings(raw: unknown): Settings {
  const r = record(raw);
  const live = record(r.live);
  const d = DEFAULT_SETTINGS;
  const version = String(r.prometheusVersion ?? d.prometheusVersion).trim().replace(/^v/, '');
  const rules: Record<string, SeveritySetting> = {};
  for (const [code, sev] of Object.entries(record(r.rules))) {
    if (typeof sev === 'string' && (SEVERITIES as string[]).includes(sev)) rules[code] = sev as SeveritySetting;
  }
  const targets: Record<string, string> = {};
  for (const [job, target] of Object.entries(record(live.targets))) {
    if (typeof target === 'string' && target.trim() !== '') targets[job] = target.trim();
  }
  return {
    prometheusVersion: version.startsWith('2') ? '2' : '3',
    files: Array.isArray(r.files) ? r.files.filter((f): f is string => typeof f === 'string' && f !== '') : d.files,
    rules,
    live: {
      enabled: typeof live.enabled === 'boolean' ? live.enabled : d.live.enabled,
      timeoutMs: boundedNumber(live.timeoutMs, d.live.timeoutMs, 100, 600_000),
      maxBytes: boundedNumber(live.maxBytes, d.live.maxBytes, 1024, 1024 ** 3),
      targets,
      diagnostics: typeof live.diagnostics === 'boolean' ? live.diagnostics : d.live.diagnostics,
    },
  };
}
