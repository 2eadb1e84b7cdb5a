/**
 * When the language server dies: restart it, tell the user once per session, and give up (with one more
 * message) if it keeps dying. Pure, so it is tested without VS Code; extension.ts maps it to CloseAction.
 */

export interface RestartDecision {
  readonly restart: boolean;
  /** A message to show the user, or undefined to stay quiet (the output channel still gets a line). */
  readonly notify?: string;
  /** A line for the output channel. */
  readonly log: string;
}

export interface RestartPolicyOptions {
  /** Crashes tolerated within `windowMs` before promfed stops restarting. */
  readonly maxCrashes?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

/** Creates the crash bookkeeping for one client; `reset()` after a restart the user asked for. */
export function createRestartPolicy(options: RestartPolicyOptions = {}) {
  const maxCrashes = options.maxCrashes ?? 5;
  const windowMs = options.windowMs ?? 3 * 60_000;
  const now = options.now ?? Date.now;
  let crashes: number[] = [];
  let toldRestart = false;

  return {
    onCrash(): RestartDecision {
      const t = now();
      crashes = crashes.filter((c) => t - c < windowMs);
      crashes.push(t);
      if (crashes.length > maxCrashes) {
        return {
          restart: false,
          notify: `The promfed language server crashed ${crashes.length} times in ${Math.round(windowMs / 60_000)} minutes and will not be restarted. See the "promfed" output, then run "promfed: Restart Server".`,
          log: `server crashed ${crashes.length} times within ${windowMs} ms: not restarting`,
        };
      }
      const first = !toldRestart;
      toldRestart = true;
      return {
        restart: true,
        notify: first ? 'The promfed language server stopped unexpectedly and was restarted. Details are in the "promfed" output.' : undefined,
        log: `server stopped unexpectedly (crash ${crashes.length} of at most ${maxCrashes} within ${windowMs} ms): restarting`,
      };
    },
    reset(): void {
      crashes = [];
    },
  };
}

export type RestartPolicy = ReturnType<typeof createRestartPolicy>;
