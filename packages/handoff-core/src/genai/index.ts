export {
  createGenAiClient,
  generateDryRunArgs,
  DEFAULT_GENAI_BIN,
  DEFAULT_GENAI_TIMEOUT_MS,
  type GenAiClientOptions,
} from './client';
export { parseModelInfo, splitModelId } from './model-info';
export { scrubbedEnv } from './scrubbed-env';
export type { CommandOutcome, GenAiClient, GenerateRequest, ModelCapabilities, ModelInfo } from './types';
export { generateArgs, requestForJob, type RegenerableJob } from './generate-args';
