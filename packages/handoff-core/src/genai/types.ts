/**
 * Contract of the gen-ai CLI client. The CLI is external: everything goes through one execa-based
 * module (`client.ts`) so tests can point it at a fake executable.
 */

/** Capabilities captured for a pinned model (registry entry or `gen-ai models info --json`). */
export interface ModelCapabilities {
  /** `image` or `video`. */
  kind?: string;
  aspectRatios?: string[];
  maxPromptLength?: number;
  /** Whether the model accepts a seed. */
  seed?: boolean;
  /** Extra parameter names the model accepts (besides prompt, seed, aspect ratio). */
  params?: string[];
  [key: string]: unknown;
}

export interface ModelInfo {
  /** Model name without version, e.g. `recraftv4`. */
  name: string;
  version: string;
  /** `name@version` */
  id: string;
  capabilities: ModelCapabilities;
  /** The whole JSON the CLI printed, kept for docs/model-pins.json. */
  raw: Record<string, unknown>;
}

export interface GenerateRequest {
  /** Pinned `name@version`. */
  model: string;
  prompt: string;
  seed?: number;
  aspectRatio?: string;
  /** Other generation parameters, passed as `--param key=value`. */
  params?: Record<string, unknown>;
}

export interface CommandOutcome {
  ok: boolean;
  exitCode: number;
  /** The argv passed to gen-ai (without the binary), for reports. */
  args: string[];
  stdout: string;
  stderr: string;
}

/** What `gen-ai --version` said: the CLI is available when it could be run, whatever it answered. */
export interface CliProbe {
  available: boolean;
  /** The command as run, e.g. `gen-ai --version`. */
  command: string;
  /** What came back: the output, the exit code and stderr, or why it could not be started. */
  answer: string;
}

/** The job JSON a real `generate` or `upscale` prints (like a results.json job). */
export interface GeneratedJob {
  id?: unknown;
  model?: unknown;
  /** The seed the provider actually used (null or another number: it did not honour ours). */
  seed?: unknown;
  /** Output file names, relative to the output folder. */
  outputs: string[];
  [key: string]: unknown;
}

/** A real generation: the command's outcome plus what it produced. */
export interface GenerationOutcome extends CommandOutcome {
  /** The CLI says the pinned version is gone (exit code 5 or a "retired" message). */
  retired: boolean;
  /** The printed job, when the command succeeded and printed one. */
  job?: GeneratedJob;
  /** Absolute paths of the outputs. */
  files: string[];
}

export interface UpscaleRequest {
  /** Pinned `name@version` of the upscaler. */
  model: string;
  /** Absolute path of the source image. */
  input: string;
  scale: number;
}

export interface GenAiClient {
  /** True when the binary can be run (a failing `--version` still counts: the CLI is there). */
  available(): Promise<boolean>;
  /** What was run to find the CLI and what came back, for messages. Optional for test doubles. */
  probe?(): Promise<CliProbe>;
  modelInfo(model: string): Promise<ModelInfo>;
  generateDryRun(req: GenerateRequest): Promise<CommandOutcome>;
  /** A real generation (spends credits) into `outDir`. Never throws. */
  generate(req: GenerateRequest, outDir: string): Promise<GenerationOutcome>;
  /** A real upscale (spends credits) into `outDir`. Never throws. */
  upscale(req: UpscaleRequest, outDir: string): Promise<GenerationOutcome>;
  whoami(): Promise<CommandOutcome>;
}
