/**
 * The only place the product spawns the external `gen-ai` CLI. Everything else takes a GenAiClient,
 * so tests point `bin` at the fake executable in `__fixtures__/bin/gen-ai`.
 */
import { CHECK_AUTH_HINT, excerpt, formatCommand, runFailedError, type RunResult } from './genai-failure';
import { generateArgs } from './generate-args';
import { toGenerationOutcome } from './generated-job';
import { parseModelInfo } from './model-info';
import type {
  CliProbe,
  CommandOutcome,
  GenAiClient,
  GenerateRequest,
  GenerationOutcome,
  ModelInfo,
  UpscaleRequest,
} from './types';

export const DEFAULT_GENAI_BIN = 'gen-ai';
export const DEFAULT_GENAI_TIMEOUT_MS = 60_000;

export interface GenAiClientOptions {
  /** Executable name (looked up on the child's PATH) or path. Default `gen-ai`. */
  bin?: string;
  /** Environment for the child; merged onto process.env unless `extendEnv` is false. */
  env?: NodeJS.ProcessEnv;
  /** false: the child sees only `env` (use with `scrubbedEnv` for a cold run). Default true. */
  extendEnv?: boolean;
  cwd?: string;
  /** Per-command limit; the child is terminated when it is exceeded. Default 60 s. */
  timeoutMs?: number;
}

/** `--param` keys must be non-empty and free of `=` and whitespace, or the CLI would misread them. */
const PARAM_KEY = /^[^=\s]+$/;

/** gen-ai argv for a dry run of `req`. */
export function generateDryRunArgs(req: GenerateRequest): string[] {
  return [...generateArgs(req), '--dry-run', '--no-input'];
}

/** gen-ai argv for a real generation of `req` into `outDir`. */
export function generateRealArgs(req: GenerateRequest, outDir: string): string[] {
  return [...generateArgs(req), '--out', outDir, '--no-input'];
}

/** gen-ai argv for upscaling `req.input` into `outDir`. */
export function upscaleArgs(req: UpscaleRequest, outDir: string): string[] {
  return ['upscale', '-m', req.model, '-i', req.input, '--scale', String(req.scale), '--out', outDir, '--no-input'];
}

function badParamKey(req: GenerateRequest): string | undefined {
  return Object.keys(req.params ?? {}).find((key) => !PARAM_KEY.test(key));
}

function badKeyMessage(key: string): string {
  return `gen-ai was not run: parameter name ${JSON.stringify(key)} cannot be passed as --param key=value`;
}

function notRun(args: string[], message: string): CommandOutcome {
  return { ok: false, exitCode: -1, args, stdout: '', stderr: message };
}

function probeOf(bin: string, r: RunResult): CliProbe {
  const command = formatCommand(bin, r.args);
  if (r.failure?.kind === 'spawn')
    return { available: false, command, answer: `could not be started (${r.failure.detail})` };
  const said = excerpt(`${r.stdout}\n${r.stderr}`, 200).replace(/\s*\n\s*/g, ' | ');
  const how = r.failure ? r.failure.detail : r.ok ? 'exited 0' : `exited with code ${r.exitCode}`;
  return { available: true, command, answer: said ? `${how}: ${said}` : how };
}

export function createGenAiClient(opts: GenAiClientOptions = {}): GenAiClient & { probe(): Promise<CliProbe> } {
  const bin = opts.bin ?? DEFAULT_GENAI_BIN;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_GENAI_TIMEOUT_MS;
  let probing: Promise<CliProbe> | undefined;

  /** Runs gen-ai; never throws. exitCode is -1 when the process did not exit on its own. */
  async function run(args: string[]): Promise<RunResult> {
    try {
      // Loaded on first use: execa and its dependencies are ~120 ms of start-up for every task
      // process, most of which never run gen-ai (the offline default, locked pins).
      const { execa } = await import('execa');
      const result = await execa(bin, args, {
        env: opts.env,
        extendEnv: opts.extendEnv ?? true,
        cwd: opts.cwd,
        timeout: timeoutMs,
        reject: false,
        stdin: 'ignore',
        encoding: 'utf8',
        windowsHide: true,
      });
      const base = { args, stdout: result.stdout, stderr: result.stderr };
      if (result.timedOut) {
        const detail = `timed out after ${timeoutMs} ms`;
        return { ...base, ok: false, exitCode: -1, failure: { kind: 'timeout', detail } };
      }
      if (result.exitCode !== undefined) return { ...base, ok: result.exitCode === 0, exitCode: result.exitCode };
      if (result.signal) {
        const detail = `was terminated by ${result.signal}`;
        return { ...base, ok: false, exitCode: -1, failure: { kind: 'signal', detail } };
      }
      const detail = result.originalMessage || result.shortMessage || 'unknown error';
      return { ...base, ok: false, exitCode: -1, failure: { kind: 'spawn', detail } };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return { ...notRun(args, ''), failure: { kind: 'spawn', detail } };
    }
  }

  /** A RunResult as a CommandOutcome; a missing exit code is explained at the end of stderr. */
  function toOutcome(result: RunResult): CommandOutcome {
    const { failure, ...outcome } = result;
    if (!failure) return outcome;
    const note = `gen-ai: \`${formatCommand(bin, result.args)}\` ${failure.kind === 'spawn' ? `could not be started: ${failure.detail}` : failure.detail}`;
    return { ...outcome, stderr: outcome.stderr ? `${outcome.stderr}\n${note}` : note };
  }

  function probe(): Promise<CliProbe> {
    const args = ['--version'];
    probing ??= run(args).then(
      (r) => probeOf(bin, r),
      (err: unknown) => ({ available: false, command: formatCommand(bin, args), answer: String(err) }),
    );
    return probing;
  }

  return {
    /**
     * `gen-ai --version` could be run. A non-zero exit or a timeout still means the CLI is there
     * (some versions have no `--version`); only a binary that cannot be started is absent.
     * Cached per client (including a false answer); never throws.
     */
    async available(): Promise<boolean> {
      return (await probe()).available;
    },

    /** What `gen-ai --version` answered; cached with `available`. Never throws. */
    probe,

    /** Throws GENAI_FAILED when the CLI fails or reports no exact version. */
    async modelInfo(model: string): Promise<ModelInfo> {
      const args = ['models', 'info', model, '--json'];
      const command = formatCommand(bin, args);
      const result = await run(args);
      if (!result.ok) {
        throw runFailedError(
          `gen-ai could not describe model \`${model}\``,
          command,
          result,
          `check the model name \`${model}\` in model-registry.json; ${CHECK_AUTH_HINT}`,
        );
      }
      return parseModelInfo(result.stdout, model, command);
    },

    /**
     * Never throws: a non-zero exit, a timeout or a binary that cannot be started all come back as
     * `ok: false` (exitCode -1 when there is no exit code, with the reason appended to stderr).
     * A `params` key containing `=` or whitespace is refused the same way, without spawning.
     */
    async generateDryRun(req: GenerateRequest): Promise<CommandOutcome> {
      const args = generateDryRunArgs(req);
      const badKey = badParamKey(req);
      if (badKey !== undefined) return notRun(args, badKeyMessage(badKey));
      return toOutcome(await run(args));
    },

    /**
     * A real generation into `outDir` (spends credits). Never throws (see generateDryRun); a
     * retired version comes back as `retired: true`, the printed job and its files when it worked.
     */
    async generate(req: GenerateRequest, outDir: string): Promise<GenerationOutcome> {
      const args = generateRealArgs(req, outDir);
      const badKey = badParamKey(req);
      if (badKey !== undefined) return toGenerationOutcome(notRun(args, badKeyMessage(badKey)), outDir);
      return toGenerationOutcome(toOutcome(await run(args)), outDir);
    },

    /** `gen-ai upscale` into `outDir` (spends credits); never throws (see generate). */
    async upscale(req: UpscaleRequest, outDir: string): Promise<GenerationOutcome> {
      return toGenerationOutcome(toOutcome(await run(upscaleArgs(req, outDir))), outDir);
    },

    /** `gen-ai whoami`; never throws (see generateDryRun). */
    async whoami(): Promise<CommandOutcome> {
      return toOutcome(await run(['whoami']));
    },
  };
}
