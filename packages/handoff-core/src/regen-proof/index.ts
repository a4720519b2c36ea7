export { runRegenProof, GENERATION_TIMEOUT_MS, type RegenProofRunOptions } from './run-regen-proof';
export { proveRegeneration } from './regen-proof';
export { writeRegenProofReport, formatRegenProofMarkdown, regenProofPaths } from './report';
export { compareImages, type ImageComparison } from './compare-images';
export { EQUIVALENCE_THRESHOLDS } from './thresholds';
export type { ProofOutcome, ProofPlan, RegenProofReport, JobProof, OutputProof, RegenProofOptions } from './types';
