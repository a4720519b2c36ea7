import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TreePoller, type ProcPeak } from './proc-tree';

export const GNU_TIME = '/usr/bin/time';

export interface Measurement {
  wallMs: number;
  /** user + sys CPU of the process and every descendant that was waited for (wait4 rusage). */
  cpuMs: number;
  userMs: number;
  sysMs: number;
  /** Largest RSS of any process in the tree: max of the rusage figure and every polled VmHWM. */
  peakRssKb: number;
  /** The process that peaked, when the poller saw it (the rusage figure names none). */
  peakProcess?: string;
  /** Processes seen by the poller, largest peak first. */
  processes: ProcPeak[];
  exitCode: number;
  logFile: string;
  /** CPU used by everything else on the machine meanwhile, as a share of all cores (the other side of a noisy box). */
  otherLoad: number;
}

/** Busy CPU ms of the whole machine so far (/proc/stat: all but idle and iowait). */
export function machineBusyMs(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = fields.reduce((a, b) => a + b, 0) - fields[3] - (fields[4] ?? 0);
  return busy * 10; // USER_HZ = 100
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr of the command go here. */
  logFile: string;
}

function parseGnuTime(file: string): { userMs: number; sysMs: number; maxRssKb: number } | undefined {
  if (!existsSync(file)) return undefined;
  const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last);
  return m ? { userMs: Number(m[1]) * 1000, sysMs: Number(m[2]) * 1000, maxRssKb: Number(m[3]) } : undefined;
}

/**
 * Run `argv` under GNU time (CPU and max RSS of the waited tree) while polling /proc for the
 * peak of every process in the tree (see TreePoller); wall time is measured here. Without GNU
 * time, CPU and peak come from the poller alone (a lower bound).
 */
export async function runMeasured(argv: string[], opts: RunOptions): Promise<Measurement> {
  const timeFile = path.join(os.tmpdir(), `nx-handoff-bench-time-${process.pid}-${Date.now()}.txt`);
  const useTime = existsSync(GNU_TIME);
  const cmd = useTime ? [GNU_TIME, '-f', '%U %S %M', '-o', timeFile, ...argv] : argv;
  const out = openSync(opts.logFile, 'a');
  const busy0 = machineBusyMs();
  const self0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  const child = spawn(cmd[0], cmd.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ['ignore', out, out] });
  const poller = new TreePoller(child.pid!).start();
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const self = process.cpuUsage(self0);
  const busyMs = machineBusyMs() - busy0 - (self.user + self.system) / 1000;
  const processes = poller.stop().filter((p) => !p.cmd.startsWith('time '));
  closeSync(out);
  const t = parseGnuTime(timeFile);
  rmSync(timeFile, { force: true });
  const polledCpu = processes.reduce((n, p) => n + p.cpuMs, 0);
  const top = processes[0];
  const peakRssKb = Math.max(t?.maxRssKb ?? 0, top?.hwmKb ?? 0);
  return {
    wallMs,
    userMs: t?.userMs ?? polledCpu,
    sysMs: t?.sysMs ?? 0,
    cpuMs: t ? t.userMs + t.sysMs : polledCpu,
    peakRssKb,
    peakProcess: top && top.hwmKb >= peakRssKb * 0.98 ? top.cmd : undefined,
    processes,
    exitCode,
    logFile: opts.logFile,
    otherLoad: Math.max(0, (busyMs - (t ? t.userMs + t.sysMs : polledCpu)) / (wallMs * os.cpus().length)),
  };
}
