import { isPinnedModelId } from '../config/bundle-schemas';
import type { GenerateRequest, ModelCapabilities } from '../genai/types';

/**
 * What the gen-ai CLI would reject in `req`, judged offline from the capabilities captured when the
 * model was pinned. Only what the capabilities state is checked: an absent list accepts anything.
 * Returns one message per problem; empty when the payload fits.
 */
export function checkPayloadOffline(req: GenerateRequest, caps: ModelCapabilities): string[] {
  const problems: string[] = [];
  if (!isPinnedModelId(req.model)) problems.push(`model ${req.model} is not a pinned name@version`);
  const length = [...req.prompt].length;
  if (req.prompt.trim() === '') problems.push('prompt is empty');
  else if (typeof caps.maxPromptLength === 'number' && length > caps.maxPromptLength) {
    problems.push(`prompt is ${length} characters, the model accepts at most ${caps.maxPromptLength}`);
  }
  if (
    req.aspectRatio !== undefined &&
    Array.isArray(caps.aspectRatios) &&
    !caps.aspectRatios.includes(req.aspectRatio)
  ) {
    problems.push(
      `aspect ratio ${req.aspectRatio} is not one the model accepts (${caps.aspectRatios.join(', ') || 'none listed'})`,
    );
  }
  if (req.seed !== undefined) {
    if (caps.seed === false) problems.push('the model does not accept a seed');
    else if (!Number.isInteger(req.seed)) problems.push(`seed ${req.seed} is not an integer`);
  }
  if (req.params && Array.isArray(caps.params)) {
    const accepted = new Set(caps.params);
    for (const name of Object.keys(req.params)) {
      if (!accepted.has(name))
        problems.push(`parameter ${name} is not one the model accepts (${caps.params.join(', ') || 'none'})`);
    }
  }
  return problems;
}
