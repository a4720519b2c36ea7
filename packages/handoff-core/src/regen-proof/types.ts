import type { GenAiClient } from '../genai/types';
import type { Logger } from '../types';
import type { Thresholds } from './thresholds';

/**
 * What a regeneration proof saw for one job (the worst of its outputs):
 * - identical: same decoded pixels as the shipped asset;
 * - equivalent: within EQUIVALENCE_THRESHOLDS;
 * - drifted: outside them (figures in the report);
 * - not-reproducible: the model takes no seed, ignored ours, or the pinned version is retired;
 * - not-compared: the output cannot be decoded here (WebP, video);
 * - failed: gen-ai did not run or produced nothing usable (install, login, network).
 */
export type ProofOutcome = 'identical' | 'equivalent' | 'drifted' | 'not-reproducible' | 'not-compared' | 'failed';

export const PROOF_OUTCOMES: ProofOutcome[] = [
  'identical',
  'equivalent',
  'drifted',
  'not-reproducible',
  'not-compared',
  'failed',
];

/** Worst first: a job takes the worst outcome of its outputs. */
const SEVERITY: ProofOutcome[] = ['failed', 'not-reproducible', 'drifted', 'not-compared', 'equivalent', 'identical'];

export function worstOutcome(outcomes: ProofOutcome[]): ProofOutcome {
  return SEVERITY.find((o) => outcomes.includes(o)) ?? 'not-compared';
}

export interface OutputProof {
  /** The shipped asset, bundle-relative (`assets/...`). */
  asset: string;
  outcome: ProofOutcome;
  /** Why, in one sentence, for every outcome but identical. */
  reason?: string;
  ssim?: number;
  hashDistance?: number;
  changedPixels?: number;
  changedRatio?: number;
  size?: { original: [number, number]; regenerated?: [number, number] };
  /** The side-by-side picture, relative to the report's folder. */
  picture?: string;
}

export interface JobProof {
  id: string;
  model: string;
  seed: number | null;
  outcome: ProofOutcome;
  reason?: string;
  /** The gen-ai command that was (or would have been) run. */
  command: string;
  /** Whether a generation was made (and paid for). */
  generated: boolean;
  outputs: OutputProof[];
}

export interface RegenProofReport {
  zip: string;
  zipSha256: string;
  checkedAt: string;
  thresholds: Thresholds;
  /** Generations made (each spends credits). */
  generations: number;
  allowDrift: boolean;
  counts: Record<ProofOutcome, number>;
  /** No job failed, and without allowDrift none drifted or was not reproducible. */
  ok: boolean;
  jobs: JobProof[];
}

/** What the proof will spend, shown before anything is generated. */
export interface ProofPlan {
  jobs: string[];
  generations: number;
  /** Jobs settled without generating (no seed, retired, cannot be decoded). */
  settled: Array<{ id: string; outcome: ProofOutcome; reason: string }>;
}

export interface RegenProofOptions {
  zip: string;
  /** Job ids to regenerate; default: one (the first seeded job with a decodable picture). */
  jobs?: string[];
  all?: boolean;
  /** Drifted and not-reproducible outcomes do not fail the proof. */
  allowDrift?: boolean;
  /** Asked with the plan before the first generation; false cancels (nothing is spent). */
  confirm?: (plan: ProofPlan) => Promise<boolean>;
  /** The gen-ai client, built with a scrubbed env (see runRegenProof). */
  genAi: GenAiClient;
  /** Where the JSON/Markdown reports and the pictures go; default beside the zip. */
  reportBase?: string;
  logger?: Logger;
  tempRoot?: string;
}
