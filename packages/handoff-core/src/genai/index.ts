export {
  createGenAiClient,
  generateDryRunArgs,
  generateRealArgs,
  upscaleArgs,
  DEFAULT_GENAI_BIN,
  DEFAULT_GENAI_TIMEOUT_MS,
  type GenAiClientOptions,
} from './client';
export { parseModelInfo, splitModelId } from './model-info';
export { scrubbedEnv } from './scrubbed-env';
export type {
  CommandOutcome,
  GenAiClient,
  GenerateRequest,
  GeneratedJob,
  GenerationOutcome,
  ModelCapabilities,
  ModelInfo,
  UpscaleRequest,
} from './types';
export { isRetired, parseGeneratedJob, RETIRED_EXIT_CODE } from './generated-job';
export { generateArgs, requestForJob, type RegenerableJob } from './generate-args';
