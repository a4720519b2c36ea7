import { isPinnedModelId } from '../config/bundle-schemas';
import type { CheckResult } from '../types';
import { checkResult, isRecord, jobLabel, LIBRARY_FILE, rawJobs, README_FILE, type BundleDoc } from './bundle-view';
import { findExampleCommand, parseGenerateArgs, splitShellWords } from './readme-command';

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Problems of the worked example's model and prompt against the prompt library. */
function exampleProblems(
  where: string,
  model: string | undefined,
  prompt: string | undefined,
  jobs: Record<string, unknown>[],
): string[] {
  const problems: string[] = [];
  if (model === undefined) problems.push(`${where}: worked example has no -m <model>`);
  else if (!isPinnedModelId(model))
    problems.push(`${where}: worked example model ${model} is not a pinned name@version`);
  else if (!jobs.some((j) => j.model === model))
    problems.push(`${where}: worked example model ${model} is used by no job in ${LIBRARY_FILE}`);
  if (prompt === undefined) {
    problems.push(`${where}: worked example has no -p <prompt>`);
    return problems;
  }
  const matching = jobs.map((job, i) => ({ job, i })).filter(({ job }) => job.prompt === prompt);
  if (matching.length === 0)
    problems.push(`${where}: worked example prompt "${short(prompt)}" is not the prompt of any job in ${LIBRARY_FILE}`);
  else if (model !== undefined && problems.length === 0 && !matching.some(({ job }) => job.model === model)) {
    const { job, i } = matching[0];
    problems.push(
      `${where}: worked example prompt is job ${jobLabel(job, i)}'s, which runs on ${String(job.model)}, not ${model}`,
    );
  }
  return problems;
}

/**
 * README.md exists and its worked example (the first `gen-ai generate -m <model> ...` line) uses a
 * pinned model of the library with the prompt of a job on that model, so pasting it works.
 */
export function checkReadme(readme: BundleDoc, library: BundleDoc, manifest: BundleDoc): CheckResult {
  if (readme.text === undefined) return checkResult('readme', [`${README_FILE} is missing`], '');
  const example = findExampleCommand(readme.text);
  if (!example) {
    const supported = !(isRecord(manifest.json) && manifest.json.regeneration_supported === false);
    return supported
      ? checkResult(
          'readme',
          [`${README_FILE} has no worked example (a \`gen-ai generate -m <model> -p <prompt>\` line)`],
          '',
        )
      : checkResult('readme', [], `${README_FILE} present; regeneration is not supported, so no worked example`);
  }
  const where = `${README_FILE}:${example.line}`;
  let words: string[];
  try {
    words = splitShellWords(example.text);
  } catch (err) {
    return checkResult('readme', [`${where}: worked example cannot be parsed: ${(err as Error).message}`], '');
  }
  const { model, prompt } = parseGenerateArgs(words);
  const problems = exampleProblems(where, model, prompt, rawJobs(library) ?? []);
  return checkResult(
    'readme',
    problems,
    `worked example at line ${example.line} uses a library prompt on pinned ${model}`,
  );
}
