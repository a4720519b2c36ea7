import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak memory of a process tree by polling /proc. `/usr/bin/time`'s max RSS (wait4 rusage) is the
 * largest peak among the waited child and the descendants that were reaped by their parents
 * (Linux carries `cmaxrss` up the tree), but a process that is never waited for (killed workers,
 * daemons, orphans) is missed, and it does not say which process peaked. Each poll reads the tree
 * (ppid links from /proc/<pid>/stat) and every member's VmHWM, its high-water RSS since it
 * started, so a process seen at least once is counted with its true peak up to that sample.
 */

export interface ProcPeak {
  pid: number;
  /** Shortened command line. */
  cmd: string;
  hwmKb: number;
  /** user+sys CPU at the last sample, ms. */
  cpuMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process exited between listing and reading
  }
}

/** pid -> { ppid, cpuMs } for every live process. */
export function readProcTable(): Map<number, { ppid: number; cpuMs: number }> {
  const table = new Map<number, { ppid: number; cpuMs: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readText(`/proc/${name}/stat`);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.set(Number(name), { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
  }
  return table;
}

/** `root` and every live descendant. */
export function treeOf(root: number, table: Map<number, { ppid: number }>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: number[] = [];
  for (let queue = [root]; queue.length > 0;) {
    const pid = queue.pop()!;
    if (!table.has(pid)) continue;
    out.push(pid);
    queue = queue.concat(children.get(pid) ?? []);
  }
  return out;
}

/** A readable label: the script (not node itself) and its first arguments. */
export function shortCommand(cmdline: string): string {
  const parts = cmdline.split('\0').filter(Boolean);
  const worker = parts.findIndex((p) => p.endsWith('plugin-worker.js'));
  if (worker >= 0) return `nx plugin worker (${parts[worker + 2] ?? '?'})`;
  if (parts.some((p) => p.endsWith('/nx.js'))) return 'nx (main process)';
  const stage = parts.findIndex((p) => /stage-profile\.[jt]s$/.test(p));
  if (stage >= 0) return `stage ${parts[stage + 1]} (node)`;
  const i = parts.findIndex((p, k) => k > 0 || !/(^|\/)node$/.test(p));
  const shown = parts.slice(Math.max(0, i)).map((p) => (p.includes('/') ? p.slice(p.lastIndexOf('/') + 1) : p));
  return shown.join(' ').slice(0, 90);
}

/** `task <target>` for an Nx task process (Nx puts the target in its environment), else the command. */
function labelOf(pid: number): string {
  const env = readText(`/proc/${pid}/environ`) ?? '';
  const target = /(?:^|\0)NX_TASK_TARGET_TARGET=([^\0]*)/.exec(env)?.[1];
  const cmd = shortCommand(readText(`/proc/${pid}/cmdline`) ?? '');
  return target && cmd.includes('run-executor') ? `nx task ${target}` : cmd;
}

function hwmKb(pid: number): number | undefined {
  const m = /VmHWM:\s+(\d+) kB/.exec(readText(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Polls the tree under `root` every `intervalMs` until stop(). */
export class TreePoller {
  private readonly seen = new Map<number, ProcPeak>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: number,
    private readonly intervalMs = 100,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  sample(): void {
    const table = readProcTable();
    for (const pid of treeOf(this.root, table)) {
      const hwm = hwmKb(pid);
      if (hwm === undefined) continue;
      const prev = this.seen.get(pid);
      const cmd = prev?.cmd && prev.cmd.length > 0 ? prev.cmd : labelOf(pid);
      this.seen.set(pid, { pid, cmd, hwmKb: Math.max(hwm, prev?.hwmKb ?? 0), cpuMs: table.get(pid)?.cpuMs ?? 0 });
    }
  }

  /** Every process seen, largest peak first. */
  stop(): ProcPeak[] {
    if (this.timer) clearInterval(this.timer);
    return [...this.seen.values()].sort((a, b) => b.hwmKb - a.hwmKb);
  }
}
