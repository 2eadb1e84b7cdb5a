/**
 * Live /federate preview, step 2 of 3 (fetch) and the glue: the settings gate, credential files, the shared
 * cache, progress and cancellation. Knows no LSP connection: server.ts passes an AbortSignal and a progress
 * sink, and turns the answers into LSP messages.
 *
 * Safety: nothing here sends a request, or reads a credential file, unless `settings.live.enabled` is true;
 * requests go only to the job's own targets (or the user's `promfed.live.targets`).
 */
import type { CompletionItem } from 'vscode-languageserver-types';
import { resolveCredentials, type CappedReader, type ResolveOutcome } from '../federate/credentials';
import type { FederateCache } from '../federate/cache';
import type { LabelsClient } from '../federate/labels';
import type { FederateClient, FederateRequest, FederateResult } from '../federate/types';
import type { PreviewJobResult, PreviewReport } from '../protocol';
import type { ConfigModel } from '../service/model';
import { analyzePreviewAt, focusSelectors, planJob, planJobAt, requestFor, type JobPlan, type ResolvedSecrets } from '../service/preview';
import { buildReport, renderPreviewHover, renderReportMarkdown, type TargetFetch } from '../service/previewRender';
import { liveLimitFinding } from '../service/rules/liveFederationLimit';
import { analyzeSelectorCompletion, renderSelectorItems } from '../service/selectorCompletion';
import type { Settings } from '../service/settings';
import type { Finding } from '../service/types';

export interface LivePreviewDeps {
  /** The raw client: the preview command uses it to copy the body into a document. */
  readonly client: FederateClient;
  /** The shared TTL cache over the same client: hovers and live diagnostics. */
  readonly cache: FederateCache;
  readonly labels: LabelsClient;
  /** Reads credential files (tests inject a fake). */
  readonly read?: CappedReader;
  /** Wall clock in epoch ms, for sample ages. */
  readonly now?: () => number;
}

/** Where a long preview reports how far it got. */
export interface ProgressSink {
  report(message: string, percentage: number): void;
}

/** The config a request is about: its model and where the file lives (for relative credential files). */
export interface ConfigContext {
  readonly model: ConfigModel;
  readonly settings: Settings;
  /** The config file's directory; undefined for an unsaved document. */
  readonly baseDir?: string;
}

export interface LivePreview {
  /** The live section for a hover at `offset`, or undefined (live access off, nothing to preview there). */
  hover(config: ConfigContext, offset: number, signal?: AbortSignal): Promise<string | undefined>;
  /** The full preview of one job; a sentence when it cannot run at all. */
  previewJob(config: ConfigContext, jobIndex: number, options: { perSelector?: boolean; progress?: ProgressSink; signal?: AbortSignal }): Promise<PreviewJobResult | { error: string }>;
  /** `live-federation-limit` findings for every federation job (when live diagnostics are on). */
  liveFindings(config: ConfigContext, signal?: AbortSignal): Promise<Finding[]>;
  /** Label / metric name completion inside a selector, from the target's API. */
  complete(config: ConfigContext, offset: number, signal?: AbortSignal): Promise<CompletionItem[] | undefined>;
}

/** Allowed to contact servers? The one gate every entry point goes through. */
export function liveAllowed(settings: Settings): boolean {
  return settings.live.enabled === true;
}

export function createLivePreview(deps: LivePreviewDeps): LivePreview {
  const now = deps.now ?? (() => Date.now());

  function secretsFor(plan: JobPlan, baseDir: string | undefined): Promise<ResolveOutcome> {
    return resolveCredentials(plan.auth, plan.tls, { ...(baseDir ? { baseDir } : {}), ...(deps.read ? { read: deps.read } : {}) });
  }

  function blockedReport(plan: JobPlan, focus: 'job' | 'selector', selectors: readonly string[], why: string, maxBytes: number): PreviewReport {
    return buildReport({ plan: { ...plan, blocked: why }, focus, selectors, fetches: [], maxBytes, now: now() });
  }

  async function fetchTargets(
    plan: JobPlan,
    selectors: readonly string[],
    secrets: ResolvedSecrets,
    maxBytes: number,
    fetch: (request: FederateRequest, index: number) => Promise<FederateResult>,
  ): Promise<TargetFetch[]> {
    // Each target is its own scrape in Prometheus: fetch them side by side.
    return Promise.all(plan.targets.map(async (target, i) => ({ target, result: await fetch(requestFor(plan, target, selectors, secrets, maxBytes), i) })));
  }

  return {
    async hover(config, offset, signal) {
      if (!liveAllowed(config.settings)) return undefined;
      const focus = analyzePreviewAt(config.model, offset, config.settings.live);
      if (!focus) return undefined;
      const selectors = focusSelectors(focus);
      const maxBytes = config.settings.live.maxBytes;
      if (focus.plan.blocked) return renderPreviewHover(blockedReport(focus.plan, focus.kind, selectors, focus.plan.blocked, maxBytes));
      const secrets = await secretsFor(focus.plan, config.baseDir);
      if (!secrets.ok) return renderPreviewHover(blockedReport(focus.plan, focus.kind, selectors, secrets.message, maxBytes));
      const fetches = await fetchTargets(focus.plan, selectors, secrets, maxBytes, (request) => deps.cache.fetch(request, signal));
      if (signal?.aborted) return undefined;
      return renderPreviewHover(buildReport({ plan: focus.plan, focus: focus.kind, selectors, fetches, maxBytes, now: now() }));
    },

    async previewJob(config, jobIndex, options) {
      if (!liveAllowed(config.settings)) return { error: 'Live access is off (promfed.live.enabled; in VS Code also Workspace Trust), so promfed sends no request.' };
      const plan = planJobAt(config.model, jobIndex, config.settings.live);
      if (!plan) return { error: `scrape_configs[${jobIndex}] is not a federation job (metrics_path: /federate).` };
      const maxBytes = config.settings.live.maxBytes;
      const { progress, signal } = options;
      const finish = (report: PreviewReport, output = '', outputTruncated = false): PreviewJobResult => ({ report, markdown: renderReportMarkdown(report), output, outputTruncated });
      if (plan.blocked) return finish(blockedReport(plan, 'job', plan.selectors, plan.blocked, maxBytes));
      const secrets = await secretsFor(plan, config.baseDir);
      if (!secrets.ok) return finish(blockedReport(plan, 'job', plan.selectors, secrets.message, maxBytes));

      const perSelector = options.perSelector !== false && plan.selectors.length > 1;
      const steps = 1 + (perSelector ? plan.selectors.length : 0);
      progress?.report(`fetching ${plan.targets.map((t) => t.address).join(', ')}`, 0);
      // The whole job, fresh (not from the cache), with its body copied out up to maxBytes in all.
      const bodies: Buffer[][] = plan.targets.map(() => []);
      let kept = 0;
      let truncated = false;
      const fetches = await fetchTargets(plan, plan.selectors, secrets, maxBytes, (request, i) =>
        deps.client.fetchFederate(request, signal, {
          onBody(chunk) {
            const room = maxBytes - kept;
            if (room <= 0) {
              truncated = true;
              return;
            }
            const part = chunk.length > room ? Buffer.from(chunk).subarray(0, room) : Buffer.from(chunk);
            if (part.length < chunk.length) truncated = true;
            bodies[i].push(part);
            kept += part.length;
          },
        }),
      );
      let bySelector: { selector: string; results: FederateResult[] }[] | undefined;
      if (perSelector && !signal?.aborted) {
        bySelector = [];
        for (const [n, selector] of plan.selectors.entries()) {
          if (signal?.aborted) break;
          progress?.report(`selector ${n + 1} of ${plan.selectors.length}: ${selector}`, Math.round(((n + 1) / steps) * 100));
          const one = await fetchTargets(plan, [selector], secrets, maxBytes, (request) => deps.cache.fetch(request, signal));
          bySelector.push({ selector, results: one.map((f) => f.result) });
        }
      }
      progress?.report('done', 100);
      const report = buildReport({ plan, focus: 'job', selectors: plan.selectors, fetches, ...(bySelector ? { bySelector } : {}), maxBytes, now: now() });
      const output = fetches
        .map((f, i) => {
          const head = `# promfed preview of job "${plan.jobName}" from ${f.result.url}: ${f.result.ok ? `${f.result.status} ${f.result.statusText ?? ''}`.trim() : f.result.message}\n`;
          return head + Buffer.concat(bodies[i]).toString('utf8');
        })
        .join('\n');
      return finish(report, output, truncated || fetches.some((f) => f.result.errorKind === 'too-large'));
    },

    async liveFindings(config, signal) {
      const { settings, model } = config;
      if (!liveAllowed(settings) || !settings.live.diagnostics) return [];
      const findings: Finding[] = [];
      for (const job of model.jobs) {
        if (signal?.aborted) break;
        if (!job.node || !job.isFederation) continue;
        const plan = planJob(model, job, settings.live);
        if (plan.blocked || plan.selectors.length === 0) continue;
        const secrets = await secretsFor(plan, config.baseDir);
        if (!secrets.ok) continue;
        const maxBytes = settings.live.maxBytes;
        const fetches = await fetchTargets(plan, plan.selectors, secrets, maxBytes, (request) => deps.cache.fetch(request, signal));
        if (signal?.aborted) break;
        const report = buildReport({ plan, focus: 'job', selectors: plan.selectors, fetches, maxBytes, now: now() });
        let finding = liveLimitFinding(job.anchor, plan, report.targets);
        if (finding && plan.selectors.length > 1) {
          // What the split refactoring needs to balance groups: measured series per selector, summed over targets.
          const seriesBySelector: number[] = [];
          for (const selector of plan.selectors) {
            const one = await fetchTargets(plan, [selector], secrets, maxBytes, (request) => deps.cache.fetch(request, signal));
            seriesBySelector.push(one.reduce((n, f) => n + (f.result.summary?.series ?? 0), 0));
          }
          if (signal?.aborted) break;
          finding = liveLimitFinding(job.anchor, plan, report.targets, seriesBySelector);
        }
        if (finding) findings.push(finding);
      }
      return findings;
    },

    async complete(config, offset, signal) {
      if (!liveAllowed(config.settings)) return undefined;
      const ctx = analyzeSelectorCompletion(config.model, offset, config.settings.live);
      if (!ctx || ctx.plan.blocked || !ctx.plan.targets.length) return undefined;
      const secrets = await secretsFor(ctx.plan, config.baseDir);
      if (!secrets.ok) return undefined;
      const target = ctx.plan.targets[0];
      const label = ctx.kind === 'metric' ? '__name__' : ctx.kind === 'label-value' ? ctx.label : undefined;
      const result = await deps.labels.fetchLabels(
        {
          scheme: ctx.plan.scheme,
          target: target.address,
          metricsPath: ctx.plan.metricsPath,
          ...(label !== undefined ? { label } : {}),
          auth: secrets.auth,
          ...(secrets.tls ? { tls: secrets.tls } : {}),
          ...(ctx.plan.proxyUrl ? { proxyUrl: ctx.plan.proxyUrl } : {}),
          timeoutMs: Math.min(ctx.plan.timeoutMs, 5_000),
        },
        signal,
      );
      if (!result.ok) return undefined;
      return renderSelectorItems(ctx, result.values, config.model.document.lines, target.address);
    },
  };
}
