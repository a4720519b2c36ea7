/** Command line of `npm run bench -- [options]`. Pure. */

export interface BenchArgs {
  /** Engagement sizes (asset files), each measured in its own workspace. */
  sizes: number[];
  /** Also run the single-huge-asset case (zip64): bytes of that asset, 0 when off. */
  hugeBytes: number;
  /** Keep the bench workspaces (default: removed after each size). */
  keep: boolean;
  /** Skip the manual recipe (its `zip -r` is most of a run's time). */
  skipRecipe: boolean;
  seed: string;
  /** Write every figure as JSON here. */
  json?: string;
  /** Runs per scenario; the median run is reported (every run's wall time is listed). */
  repeat: number;
  /** Extra node flags for the stage-alone children, e.g. --cpu-prof. */
  nodeFlags: string[];
  help: boolean;
}

export const USAGE = `npm run bench -- [--sizes 1000] [--huge [--huge-gib 5]] [--repeat 3] [--skip-recipe] [--keep] [--seed S] [--json out.json] [--cpu-prof]

Builds the packages (npm run build), generates a deterministic synthetic engagement per size in a
temp Nx workspace (TMPDIR) running the built packages, and measures, side by side, the manual
recipe, the cp -r floor, a cached no-op nx run of another project (the warm baseline) and
nx run <slug>:handoff cold, warm, after one changed asset, restored from the cache, and the package
and cold-test stages without Nx; then prints each target of issue #14 as PASS or FAIL.
--repeat N (default 3) runs every scenario N times and reports the median run.
--huge adds a client with one 5 GiB asset (zip64; needs about 6x that on disk).`;

const GiB = 1024 ** 3;

function value(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
  return v;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    sizes: [1000],
    hugeBytes: 0,
    keep: false,
    skipRecipe: false,
    seed: 'nx-handoff-bench-1',
    repeat: 3,
    nodeFlags: [],
    help: false,
  };
  let hugeGib = 5;
  let huge = false;
  const a = [...argv];
  for (let i = 0; i < a.length; i++) {
    const [flag, inline] = a[i].includes('=')
      ? [a[i].slice(0, a[i].indexOf('=')), a[i].slice(a[i].indexOf('=') + 1)]
      : [a[i], undefined];
    const next = (): string => inline ?? value(a, i++, flag);
    switch (flag) {
      case '--sizes': {
        const raw = next();
        args.sizes = raw === '' || raw === 'none' ? [] : raw.split(',').map((s) => Number(s.trim()));
        if (args.sizes.some((n) => !Number.isInteger(n) || n < 10))
          throw new Error(`--sizes: expected integers >= 10, got "${raw}"`);
        break;
      }
      case '--huge':
        huge = true;
        break;
      case '--huge-gib':
        hugeGib = Number(next());
        huge = true;
        break;
      case '--keep':
        args.keep = true;
        break;
      case '--skip-recipe':
        args.skipRecipe = true;
        break;
      case '--seed':
        args.seed = next();
        break;
      case '--repeat': {
        args.repeat = Number(next());
        if (!Number.isInteger(args.repeat) || args.repeat < 1) throw new Error('--repeat: expected a positive integer');
        break;
      }
      case '--json':
        args.json = next();
        break;
      case '--cpu-prof':
        args.nodeFlags.push('--cpu-prof');
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new Error(`unknown option ${a[i]}\n${USAGE}`);
    }
  }
  if (huge) {
    if (!(hugeGib > 0)) throw new Error('--huge-gib: expected a positive number');
    args.hugeBytes = Math.round(hugeGib * GiB);
  }
  return args;
}
