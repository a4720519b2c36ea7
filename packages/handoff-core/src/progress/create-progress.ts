import { Presets, SingleBar } from 'cli-progress';
import {
  formatBytes,
  formatDoneLine,
  formatDuration,
  formatProgressLine,
  formatStoppedLine,
  etaOf,
  rateOf,
  type ProgressState,
} from './format';
import { CI_LINE_POLICY, LOCAL_LINE_POLICY, LineSchedule, isCi } from './line-policy';

/**
 * Progress of a long step (packaging, extraction): a redrawn bar on a terminal, a line now and
 * then in logs, nothing for a short step. `NX_HANDOFF_PROGRESS=off|lines|bar` overrides the choice.
 */

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  label: string;
  totalBytes: number;
  totalFiles: number;
  /** Default process.stderr (stdout stays for results). */
  stream?: ProgressStream;
  env?: NodeJS.ProcessEnv;
  /** Clock in ms (tests). */
  now?: () => number;
}

export interface Progress {
  /** Record work done since the last tick. */
  tick(bytes: number, files?: number): void;
  /**
   * The step is over: clear the bar, and write a closing line when anything was shown
   * (`failed`: the line says where it stopped).
   */
  done(outcome?: 'ok' | 'failed'): void;
}

export type ProgressMode = 'off' | 'lines' | 'bar';

/** A terminal bar is only drawn after this long, so quick steps do not flicker. */
const BAR_DELAY_MS = 500;
/** Redraw / line checks at most this often. */
const CHECK_EVERY_MS = 100;

export const SILENT_PROGRESS: Progress = { tick: () => undefined, done: () => undefined };

export function progressMode(stream: ProgressStream, env: NodeJS.ProcessEnv): ProgressMode {
  const forced = env.NX_HANDOFF_PROGRESS?.trim().toLowerCase();
  if (forced === 'off' || forced === '0' || forced === 'false') return 'off';
  if (forced === 'lines' || forced === 'bar') return forced;
  return stream.isTTY && !isCi(env) && env.TERM !== 'dumb' ? 'bar' : 'lines';
}

function payload(s: ProgressState): Record<string, string | number> {
  const rate = rateOf(s);
  return {
    // cli-progress reserves {value}, {total}, {eta}...: these names are ours.
    label: s.label,
    files: s.files,
    totalFiles: s.totalFiles,
    bytesText: formatBytes(s.bytes),
    totalText: formatBytes(s.totalBytes),
    rateText: rate === undefined ? '?' : formatBytes(rate),
    etaText: formatDuration(etaOf(s)),
  };
}

function barRenderer(stream: ProgressStream, s: ProgressState): { update(s: ProgressState): void; stop(): void } {
  const bar = new SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format:
        '{label} [{bar}] {percentage}% | {files}/{totalFiles} files | {bytesText}/{totalText} | {rateText}/s | ETA {etaText}',
      hideCursor: false,
      clearOnComplete: true,
      barsize: 24,
      fps: 10,
      linewrap: false,
      gracefulExit: false,
    },
    Presets.shades_classic,
  );
  const total = (x: ProgressState) => (x.totalBytes > 0 ? x.totalBytes : x.totalFiles);
  const value = (x: ProgressState) => (x.totalBytes > 0 ? x.bytes : x.files);
  bar.start(Math.max(1, total(s)), value(s), payload(s));
  return { update: (x) => bar.update(value(x), payload(x)), stop: () => bar.stop() };
}

/** Progress for one step; ticks are cheap (a clock read at most every call, output at most every 100 ms). */
export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  const env = opts.env ?? process.env;
  const mode = progressMode(stream, env);
  if (mode === 'off') return SILENT_PROGRESS;
  const now = opts.now ?? Date.now;
  const start = now();
  const state: ProgressState = {
    label: opts.label,
    totalBytes: opts.totalBytes,
    totalFiles: opts.totalFiles,
    bytes: 0,
    files: 0,
    elapsedMs: 0,
  };
  const schedule = new LineSchedule(isCi(env) ? CI_LINE_POLICY : LOCAL_LINE_POLICY);
  let bar: ReturnType<typeof barRenderer> | undefined;
  let lastCheck = -Infinity;
  let finished = false;
  const check = (force: boolean): void => {
    state.elapsedMs = now() - start;
    if (!force && state.elapsedMs - lastCheck < CHECK_EVERY_MS) return;
    lastCheck = state.elapsedMs;
    if (mode === 'lines') {
      if (schedule.due(state)) stream.write(`${formatProgressLine(state)}\n`);
    } else if (bar) bar.update(state);
    else if (state.elapsedMs >= BAR_DELAY_MS) bar = barRenderer(stream, state);
  };
  return {
    tick(bytes, files = 0) {
      if (finished) return;
      state.bytes += bytes;
      state.files += files;
      check(false);
    },
    done(outcome = 'ok') {
      if (finished) return;
      finished = true;
      state.elapsedMs = now() - start;
      if (bar) {
        bar.update(state);
        bar.stop();
      }
      if (bar || schedule.printed)
        stream.write(`${outcome === 'ok' ? formatDoneLine(state) : formatStoppedLine(state)}\n`);
    },
  };
}
