import { fractionOf, type ProgressState } from './format';

/**
 * When a log-friendly progress line is due (no TTY): at each 10 % step or after 10 s without a
 * line, and never during the first `quietMs` of the step, so a short step prints nothing. In CI
 * the quiet period is 10 s: only steps long enough to look stuck report.
 */
export interface LinePolicy {
  /** No line before the step has run this long. */
  quietMs: number;
  /** A line at least this often once lines have started. */
  everyMs: number;
  /** A line each time this fraction of the work is crossed. */
  step: number;
}

export const LOCAL_LINE_POLICY: LinePolicy = { quietMs: 2_000, everyMs: 10_000, step: 0.1 };
export const CI_LINE_POLICY: LinePolicy = { quietMs: 10_000, everyMs: 10_000, step: 0.1 };

/** CI as the usual CI services announce it (`CI=true`, `CI=1`...; `CI=false` and `CI=0` are not). */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const v = env.CI?.trim().toLowerCase();
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

/** Decides, tick by tick, whether a line is due. */
export class LineSchedule {
  private lastStep = 0;
  private lastAtMs = 0;
  printed = false;

  constructor(private readonly policy: LinePolicy) {}

  due(s: ProgressState): boolean {
    if (s.elapsedMs < this.policy.quietMs) return false;
    const step = Math.floor(fractionOf(s) / this.policy.step + 1e-9);
    const timeUp = s.elapsedMs - this.lastAtMs >= this.policy.everyMs;
    if (step <= this.lastStep && !timeUp) return false;
    if (step >= Math.round(1 / this.policy.step)) return false; // 100 %: done() reports it
    this.lastStep = Math.max(step, this.lastStep);
    this.lastAtMs = s.elapsedMs;
    this.printed = true;
    return true;
  }
}
