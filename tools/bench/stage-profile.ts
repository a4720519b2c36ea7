/**
 * One pipeline stage in this process, without Nx: where the time and the bytes of `package` and
 * `cold-test` go. Run by the bench as
 *   node -r @swc-node/register tools/bench/stage-profile.ts <package|cold-test> <workspaceRoot> <clientRoot> <zip> <out.json>
 * on the built core (dist/packages), and prints nothing; the figures go to out.json. Bytes read and written are /proc/self/io's rchar
 * and wchar (every read/write syscall, page cache included), so "bytes read / bundle bytes" shows
 * how many passes a stage makes over the data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Core from '../../packages/handoff-core/src';

/**
 * The built core (dist/packages, `npm run build`): what the Nx tasks of the bench workspace run.
 * The bench runs this file transpiled to plain JavaScript (no TypeScript loader in the process:
 * swc-node alone adds ~70 MiB of RSS) and says where the core is in STAGE_CORE.
 */
const { runColdTest, runPackage } = require(
  process.env.STAGE_CORE ?? path.join(__dirname, '..', '..', 'dist', 'packages', 'handoff-core'),
) as typeof Core;

export interface StageFigures {
  stage: string;
  wallMs: number;
  cpuMs: number;
  rchar: number;
  wchar: number;
  /** Bytes fetched from the block device (page-cache misses), /proc/self/io read_bytes. */
  diskRead: number;
  maxRssKb: number;
  ok: boolean;
  detail?: string;
}

function io(): { rchar: number; wchar: number; diskRead: number } {
  const text = readFileSync('/proc/self/io', 'utf8');
  const get = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { rchar: get('rchar'), wchar: get('wchar'), diskRead: get('read_bytes') };
}

async function runStage(
  stage: string,
  workspaceRoot: string,
  clientRoot: string,
  zip: string,
): Promise<{ ok: boolean; detail?: string }> {
  if (stage === 'package') {
    const { result } = await runPackage({ workspaceRoot, clientRoot });
    return { ok: true, detail: `${result.fileCount} files, ${result.size} bytes` };
  }
  const { report } = await runColdTest({ zip, client: { workspaceRoot, clientRoot } });
  return {
    ok: report.ok,
    detail:
      report.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.summary)
        .join('; ') || undefined,
  };
}

async function main(): Promise<void> {
  const [stage, workspaceRoot, clientRoot, zip, out] = process.argv.slice(2);
  const io0 = io();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const r = await runStage(stage, workspaceRoot, clientRoot, zip);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const io1 = io();
  const figures: StageFigures = {
    stage,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rchar: io1.rchar - io0.rchar,
    wchar: io1.wchar - io0.wchar,
    diskRead: io1.diskRead - io0.diskRead,
    maxRssKb: process.resourceUsage().maxRSS,
    ...r,
  };
  writeFileSync(out, JSON.stringify(figures));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
