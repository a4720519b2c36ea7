import { isPinnedModelId, modelPinsDocSchema } from '../config/bundle-schemas';
import type { CheckResult } from '../types';
import {
  checkResult,
  jobLabel,
  LIBRARY_FILE,
  PINS_FILE,
  rawJobs,
  rawPins,
  validateDoc,
  type BundleDoc,
  type BundleView,
} from './bundle-view';

/**
 * docs/model-pins.json validates, and every job of the prompt library runs on an exact
 * `name@version` that is among the pins. The library is read leniently so an unpinned model is
 * reported against its job even though the library's own schema rejects it too.
 */
export function checkPins(view: BundleView, pins: BundleDoc, library: BundleDoc): CheckResult {
  const { problems } = validateDoc(view, pins, modelPinsDocSchema);
  const ids = new Set(
    rawPins(pins)
      .map((m) => m.id)
      .filter((id): id is string => typeof id === 'string'),
  );
  const jobs = rawJobs(library);
  if (!jobs) {
    problems.push(`${LIBRARY_FILE} has no readable jobs list, so job models cannot be checked`);
    return checkResult('pins', problems, '');
  }
  const used = new Set<string>();
  jobs.forEach((job, i) => {
    const label = `${LIBRARY_FILE} job ${jobLabel(job, i)}`;
    const model = job.model;
    if (typeof model !== 'string' || model === '') problems.push(`${label}: has no model`);
    else if (!isPinnedModelId(model))
      problems.push(`${label}: model ${model} is not pinned (expected name@version, never latest)`);
    else if (!ids.has(model)) problems.push(`${label}: model ${model} is not in ${PINS_FILE}`);
    else used.add(model);
  });
  return checkResult('pins', problems, `${jobs.length} jobs on ${used.size} pinned models`);
}
