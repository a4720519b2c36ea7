import { HandoffError, isHandoffError, type Problem } from '../errors';
import { isPinnedModelId, type ModelRegistry } from '../config/bundle-schemas';
import type { GenAiClient } from '../genai/types';
import type { InventoryJob, ModelPin, PinSet, PinSource } from '../types';
import { REGISTRY_FILE } from './registry';
import { compareCodeUnits } from '../fs/safe-path';

export interface PinOptions {
  registry: ModelRegistry;
  /** Date of the handoff version. */
  date: string;
  /** Pins already recorded for this version (a delivered version is rebuilt with its own pins). */
  recorded?: ModelPin[];
  /** Consulted for models the registry does not know, when the CLI is available. */
  genAi?: GenAiClient;
}

interface Resolved {
  id: string;
  source: PinSource;
  capabilities: Record<string, unknown>;
}

export function isLatest(model: string): boolean {
  return /(^|@|:)latest$/i.test(model.trim());
}

function splitPin(id: string): { name: string; version: string } {
  const at = id.lastIndexOf('@');
  return { name: id.slice(0, at), version: id.slice(at + 1) };
}

/** Jobs per requested model name, in first-seen order. */
function groupByModel(jobs: InventoryJob[]): Map<string, string[]> {
  const byModel = new Map<string, string[]>();
  for (const j of jobs) byModel.set(j.job.model, [...(byModel.get(j.job.model) ?? []), j.job.id]);
  return byModel;
}

function fromRegistry(model: string, registry: ModelRegistry): Resolved | undefined {
  const entry = registry.models[model];
  if (entry) return { id: entry.pin, source: 'registry', capabilities: entry.capabilities };
  if (isPinnedModelId(model)) {
    const byPin = Object.values(registry.models).find((e) => e.pin === model);
    if (byPin) return { id: byPin.pin, source: 'registry', capabilities: byPin.capabilities };
  }
  return undefined;
}

/** Why the CLI was not asked, saying what was run and what came back. */
async function cliAbsence(genAi: GenAiClient | undefined): Promise<string | undefined> {
  if (!genAi) return 'no gen-ai client was given';
  const probe = genAi.probe
    ? await genAi.probe()
    : { available: await genAi.available(), command: 'gen-ai --version', answer: 'no answer' };
  return probe.available ? undefined : `\`${probe.command}\` ${probe.answer}`;
}

async function fromCli(model: string, genAi: GenAiClient | undefined): Promise<Resolved | undefined> {
  if (!genAi || (await cliAbsence(genAi)) !== undefined) return undefined;
  const info = await genAi.modelInfo(model);
  if (isPinnedModelId(model) && info.id !== model) {
    throw new HandoffError({
      code: 'MODEL_UNKNOWN',
      message: `\`gen-ai models info ${model} --json\` answered ${info.id}: the exact version the job ran on (${model}) is not available`,
      hint: `add "${model}" with its capabilities to ${REGISTRY_FILE}`,
    });
  }
  return { id: info.id, source: 'gen-ai', capabilities: { ...info.capabilities, models_info: info.raw } };
}

function unknownProblem(model: string, jobIds: string[], absent?: string): Problem {
  const jobs = jobIds.slice(0, 5).join(', ') + (jobIds.length > 5 ? ` and ${jobIds.length - 5} more` : '');
  if (isLatest(model)) {
    return {
      code: 'MODEL_LATEST',
      file: REGISTRY_FILE,
      field: model,
      message: `model "${model}" (jobs ${jobs}) is not a version: "latest" drifts and breaks reproducibility`,
      hint: `replace it in results.json with the exact id the job ran on (gen-ai models info <name> --json), e.g. name@YYYY-MM-DD`,
    };
  }
  return {
    code: 'MODEL_UNKNOWN',
    file: REGISTRY_FILE,
    field: model,
    message:
      `model "${model}" (jobs ${jobs}) cannot be resolved to an exact name@version` +
      (absent ? `: it is not in ${REGISTRY_FILE}, and the gen-ai CLI could not be asked (${absent})` : ''),
    hint:
      `add "${model}": {"pin": "<name>@<version>"} to ${REGISTRY_FILE}` +
      (absent
        ? `, or install the gen-ai CLI and put it on PATH so \`gen-ai models info ${model} --json\` can resolve it`
        : ''),
  };
}

/**
 * Every model used by an approved job -> exact `name@version`. Order: pins recorded for this
 * version, the workspace registry, then `gen-ai models info`. `latest` and unknown models are
 * errors naming the model and its jobs; all of them are reported together.
 */
export async function pinModels(jobs: InventoryJob[], opts: PinOptions): Promise<PinSet> {
  const problems: Problem[] = [];
  const byId = new Map<string, ModelPin>();
  for (const [model, jobIds] of groupByModel(jobs)) {
    if (isLatest(model)) {
      problems.push(unknownProblem(model, jobIds));
      continue;
    }
    let resolved: Resolved | undefined;
    const recorded = opts.recorded?.find((p) => p.requested.includes(model) || p.id === model);
    if (recorded) resolved = { id: recorded.id, source: recorded.source, capabilities: recorded.capabilities };
    resolved ??= fromRegistry(model, opts.registry);
    try {
      resolved ??= await fromCli(model, opts.genAi);
    } catch (err) {
      if (!isHandoffError(err)) throw err;
      problems.push(...err.problems.map((p) => ({ ...p, message: `${p.message} (jobs ${jobIds.join(', ')})` })));
      continue;
    }
    if (!resolved || isLatest(resolved.id) || !isPinnedModelId(resolved.id)) {
      problems.push(unknownProblem(model, jobIds, resolved ? undefined : await cliAbsence(opts.genAi)));
      continue;
    }
    const existing = byId.get(resolved.id);
    if (existing) existing.requested.push(model);
    else
      byId.set(resolved.id, {
        requested: [model],
        id: resolved.id,
        ...splitPin(resolved.id),
        source: resolved.source,
        capabilities: resolved.capabilities,
      });
  }
  if (problems.length) throw new HandoffError(problems);
  const models = [...byId.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
  for (const m of models) m.requested.sort();
  return { pinnedAt: opts.date, registryDate: opts.registry.catalogDate, models };
}

/** The pinned id for a job's requested model. */
export function pinFor(pins: PinSet, model: string): ModelPin | undefined {
  return pins.models.find((p) => p.requested.includes(model));
}
