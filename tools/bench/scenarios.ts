import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import * as ts from 'typescript';
import * as path from 'node:path';
import { cachedTasks, taskDurations } from './measure/nx-profile';
import { NAMES } from './report';
import { runMeasured, type Measurement } from './measure/run-measured';
import type { StageFigures } from './stage-profile';
import { BENCH_DATE } from './synth/write-engagement';
import type { EngagementPlan } from './synth/plan-engagement';
import type { BenchWorkspace } from './workspace';
import { REPO_ROOT } from '../../e2e/utils/workspace';

const RECIPE = path.join(__dirname, 'recipe', 'manual-recipe.sh');

export interface SizeContext {
  ws: BenchWorkspace;
  plan: EngagementPlan;
  clientRoot: string;
  /** Scratch folder for the recipe and the floor (git-ignored, outside the client). */
  outDir: string;
  logDir: string;
  /** Extra `node` flags for the stage children (e.g. --cpu-prof). */
  nodeFlags: string[];
}

export interface ScenarioResult {
  name: string;
  m: Measurement;
  /** Nx task durations (ms) by target, from NX_PROFILE. */
  tasks?: Record<string, number>;
  cached?: string[];
  stage?: StageFigures;
  /** Wall seconds of every repetition (the fastest is the one reported). */
  runs?: string[];
}

export function benchEnv(ctx: SizeContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${ctx.ws.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    CI: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  };
}

function logFile(ctx: SizeContext, name: string): string {
  mkdirSync(ctx.logDir, { recursive: true });
  return path.join(ctx.logDir, `${ctx.plan.slug}-${name}.log`);
}

function checked(name: string, m: Measurement): Measurement {
  if (m.exitCode !== 0) throw new Error(`${name} exited ${m.exitCode}; see ${m.logFile}`);
  return m;
}

/**
 * The floor: `cp -r` of the client's deliverables (every byte the recipe copies). `name` tells the
 * runs apart: it is measured again right before the stage-alone runs, so that their ratios do not
 * drift with the speed of a shared host over the minutes between (see NAMES.floorStages).
 */
export async function runFloor(ctx: SizeContext, name: string = NAMES.floor): Promise<ScenarioResult> {
  const dest = path.join(ctx.outDir, 'floor');
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(ctx.outDir, { recursive: true });
  const m = await runMeasured(['cp', '-r', path.join(ctx.clientRoot, 'deliverables'), dest], {
    cwd: ctx.ws.root,
    env: benchEnv(ctx),
    logFile: logFile(ctx, 'floor'),
  });
  rmSync(dest, { recursive: true, force: true });
  return { name, m: checked('cp -r', m) };
}

/**
 * One sha256 pass over the bundle zip (`openssl dgst -sha256`, which uses the CPU's SHA
 * instructions as Node's crypto does; coreutils' sha256sum here does not and is ~4x slower): what
 * reading and hashing its bytes once costs on this machine. Informational: the package stage
 * hashes the bytes twice (each entry, and the zip), and so does the cold test.
 */
export async function runHashFloor(ctx: SizeContext, zip: string): Promise<ScenarioResult> {
  const m = await runMeasured(['openssl', 'dgst', '-sha256', zip], {
    cwd: ctx.ws.root,
    env: benchEnv(ctx),
    logFile: logFile(ctx, 'openssl-sha256'),
  });
  return { name: NAMES.hashFloor, m: checked('openssl dgst -sha256', m) };
}

/** The manual recipe as a shell script (copy, jq, zip -r, unzip, dry run). */
export async function runRecipe(ctx: SizeContext): Promise<ScenarioResult> {
  const work = path.join(ctx.outDir, 'recipe');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const m = await runMeasured(['bash', RECIPE, ctx.clientRoot, work, ctx.plan.slug, BENCH_DATE], {
    cwd: ctx.ws.root,
    env: benchEnv(ctx),
    logFile: logFile(ctx, 'recipe'),
  });
  rmSync(work, { recursive: true, force: true });
  return { name: 'manual recipe', m: checked('manual recipe', m) };
}

/** A cached no-op task of another project (`noop:noop`, see BenchWorkspace): the warm baseline. */
export async function runNoop(ctx: SizeContext): Promise<ScenarioResult> {
  const log = logFile(ctx, 'noop');
  rmSync(log, { force: true });
  const m = await runMeasured(ctx.ws.nxCommand('run', 'noop:noop', '--output-style=static'), {
    cwd: ctx.ws.root,
    env: benchEnv(ctx),
    logFile: log,
  });
  return { name: NAMES.noop, m: checked('nx run noop:noop', m), cached: cachedTasks(readFileSync(log, 'utf8')) };
}

export type Clean = 'everything' | 'cache+dist' | 'dist' | 'nothing';

/** `nx run <slug>:handoff` after removing `clean`, with NX_PROFILE for per-task durations. */
export async function runNx(
  ctx: SizeContext,
  name: string,
  clean: Clean,
  extraArgs: string[] = [],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ScenarioResult> {
  if (clean !== 'nothing') rmSync(ctx.ws.path('dist'), { recursive: true, force: true });
  if (clean === 'everything') rmSync(ctx.ws.path('.nx'), { recursive: true, force: true });
  if (clean === 'cache+dist') rmSync(ctx.ws.path('.nx', 'cache'), { recursive: true, force: true });
  // Nx resolves NX_PROFILE against the workspace root.
  const profileRel = path.relative(ctx.ws.root, path.join(ctx.outDir, `nx-profile-${Date.now()}.json`));
  const profile = ctx.ws.path(profileRel);
  mkdirSync(ctx.outDir, { recursive: true });
  const log = logFile(ctx, name.replace(/[^a-z0-9]+/gi, '-'));
  rmSync(log, { force: true });
  const m = await runMeasured(
    ctx.ws.nxCommand('run', `${ctx.plan.slug}:handoff`, '--output-style=static', ...extraArgs),
    {
      cwd: ctx.ws.root,
      env: { ...benchEnv(ctx), ...extraEnv, NX_PROFILE: profileRel },
      logFile: log,
    },
  );
  const tasks = taskDurations(profile);
  rmSync(profile, { force: true });
  return { name, m: checked(`nx (${name})`, m), tasks, cached: cachedTasks(readFileSync(log, 'utf8')) };
}

/**
 * stage-profile.ts as plain JavaScript in the bench's scratch folder (TypeScript's transpileModule:
 * types erased, nothing checked), so the measured process carries no TypeScript loader.
 */
function stageScript(ctx: SizeContext): string {
  const out = path.join(ctx.outDir, 'stage-profile.js');
  if (!existsSync(out)) {
    const source = readFileSync(path.join(__dirname, 'stage-profile.ts'), 'utf8');
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    mkdirSync(ctx.outDir, { recursive: true });
    writeFileSync(out, js);
  }
  return out;
}

/** One stage in a plain node process (no Nx): its time, CPU, peak RSS and bytes read/written. */
export async function runStage(ctx: SizeContext, stage: 'package' | 'cold-test', zip: string): Promise<ScenarioResult> {
  const out = path.join(ctx.outDir, `stage-${stage}.json`);
  rmSync(out, { force: true });
  const argv = [process.execPath, ...ctx.nodeFlags, stageScript(ctx), stage, ctx.ws.root, ctx.clientRoot, zip, out];
  const m = await runMeasured(argv, {
    cwd: REPO_ROOT,
    env: { ...benchEnv(ctx), STAGE_CORE: path.join(REPO_ROOT, 'dist', 'packages', 'handoff-core') },
    logFile: logFile(ctx, `stage-${stage}`),
  });
  checked(`stage ${stage}`, m);
  const stageFigures = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as StageFigures) : undefined;
  return { name: `${stage} stage alone (no Nx)`, m, stage: stageFigures };
}

/** Free bytes on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}
