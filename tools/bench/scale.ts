/**
 * `npm run bench:scale -- [--clients 100] [--assets 8]`: a monorepo of many clients. In one run,
 * a workspace with one client and one with N clients (same synthetic engagement shape, a
 * different seed per client): the project graph (cold and warm `nx show projects`),
 * `nx show projects --affected -t handoff` after one client's asset changed, and
 * `nx run-many -t handoff --parallel=2` (cold, then warm). Builds the packages first (the
 * workspaces run dist/packages, as `npm run bench` does). Prints Markdown.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { planEngagement } from './synth/plan-engagement';
import { changeOneAsset, writeEngagement } from './synth/write-engagement';
import { BenchWorkspace, buildPackages } from './workspace';

const log = (msg: string): void => void process.stderr.write(`[bench:scale] ${msg}\n`);

interface ScaleArgs {
  clients: number;
  assets: number;
}

function parseArgs(argv: string[]): ScaleArgs {
  const out: ScaleArgs = { clients: 100, assets: 8 };
  for (let i = 0; i < argv.length; i++) {
    const value = Number(argv[i + 1]);
    if (argv[i] === '--clients' && value >= 2) out.clients = value;
    else if (argv[i] === '--assets' && value >= 4) out.assets = value;
    else throw new Error(`usage: npm run bench:scale -- [--clients N>=2] [--assets N>=4] (got ${argv[i]})`);
    i++;
  }
  return out;
}

interface Timed {
  ms: number;
  output: string;
}

function nx(ws: BenchWorkspace, ...args: string[]): Timed {
  const [bin, ...rest] = ws.nxCommand(...args);
  const env = {
    ...process.env,
    PATH: `${ws.binDir}:${process.env.PATH ?? ''}`,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    CI: 'true',
  };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin!, rest, { cwd: ws.root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return { ms, output: `${r.stdout}${r.stderr}` };
}

interface ScaleFigures {
  clients: number;
  graphColdMs: number;
  graphWarmMs: number;
  affectedMs: number;
  affectedCount: number;
  runManyColdMs: number;
  runManyWarmMs: number;
}

function measureWorkspace(clients: number, assets: number): ScaleFigures {
  const ws = new BenchWorkspace();
  try {
    const plans = Array.from({ length: clients }, (_, i) =>
      planEngagement({ assets, seed: `scale-${i}`, slug: `client-${String(i).padStart(3, '0')}` }),
    );
    for (const plan of plans) writeEngagement(plan, ws.clientRoot(plan.slug));
    ws.commit(`${clients} clients`);
    log(`${clients} client(s) written in ${ws.root}`);
    rmSync(ws.path('.nx'), { recursive: true, force: true });
    const graphColdMs = nx(ws, 'show', 'projects').ms;
    const graphWarmMs = nx(ws, 'show', 'projects').ms;
    const runManyColdMs = nx(ws, 'run-many', '-t', 'handoff', '--parallel=2', '--output-style=static').ms;
    const warm = nx(ws, 'run-many', '-t', 'handoff', '--parallel=2', '--output-style=static');
    // Every client's handoff step ran (one batch process) and found its zip verified.
    const verified = new Set(
      warm.output
        .split('\n')
        .map(
          (l) => /\/(client-\d+)-handoff-v\d+-[\d-]+\.zip: present, sha256 [0-9a-f]{64}, cold test passed/.exec(l)?.[1],
        )
        .filter((slug) => slug !== undefined),
    );
    if (verified.size !== clients)
      throw new Error(`the warm run-many verified the zips of ${verified.size} of ${clients} clients:\n${warm.output}`);
    const runManyWarmMs = warm.ms;
    const changed = plans[Math.floor(clients / 2)]!;
    changeOneAsset(changed, ws.clientRoot(changed.slug), 'scale');
    ws.commit('one asset changed');
    const affected = nx(ws, 'show', 'projects', '--affected', '-t', 'handoff', '--base=HEAD~1', '--head=HEAD');
    const listed = affected.output.split('\n').filter((l) => /^client-\d+$/.test(l.trim()));
    log(`${clients} client(s): affected ${listed.join(', ')}`);
    return {
      clients,
      graphColdMs,
      graphWarmMs,
      affectedMs: affected.ms,
      affectedCount: listed.length,
      runManyColdMs,
      runManyWarmMs,
    };
  } finally {
    ws.dispose();
  }
}

function formatTable(one: ScaleFigures, many: ScaleFigures, assets: number): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const per = (f: ScaleFigures, ms: number) => `${(ms / 1000 / f.clients).toFixed(2)} s`;
  return [
    `## Many clients in one workspace (${assets} assets each)`,
    '',
    `| measure | 1 client | ${many.clients} clients | ratio |`,
    '|---|---|---|---|',
    `| project graph, cold (\`nx show projects\`, no .nx) | ${s(one.graphColdMs)} | ${s(many.graphColdMs)} | ${(many.graphColdMs / one.graphColdMs).toFixed(2)}x |`,
    `| project graph, warm | ${s(one.graphWarmMs)} | ${s(many.graphWarmMs)} | ${(many.graphWarmMs / one.graphWarmMs).toFixed(2)}x |`,
    `| \`nx show projects --affected -t handoff\` after one asset changed | ${s(one.affectedMs)} (${one.affectedCount} listed) | ${s(many.affectedMs)} (${many.affectedCount} listed) | ${(many.affectedMs / one.affectedMs).toFixed(2)}x |`,
    `| \`nx run-many -t handoff --parallel=2\`, cold | ${s(one.runManyColdMs)} | ${s(many.runManyColdMs)} (${per(many, many.runManyColdMs)} per client) | ${(many.runManyColdMs / one.runManyColdMs).toFixed(2)}x |`,
    `| \`nx run-many -t handoff --parallel=2\`, warm | ${s(one.runManyWarmMs)} | ${s(many.runManyWarmMs)} | ${(many.runManyWarmMs / one.runManyWarmMs).toFixed(2)}x |`,
  ].join('\n');
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  buildPackages(log);
  const one = measureWorkspace(1, args.assets);
  const many = measureWorkspace(args.clients, args.assets);
  if (one.affectedCount !== 1 || many.affectedCount !== 1) {
    throw new Error(
      `nx affected listed ${one.affectedCount} / ${many.affectedCount} clients after one client's change, expected 1`,
    );
  }
  process.stdout.write(`${formatTable(one, many, args.assets)}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`bench:scale failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
