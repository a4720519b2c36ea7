import { z } from 'zod';
import { isPinnedModelId } from '../config/bundle-schemas';

/** The pin lock file written by the pin step (`model-pins.lock.json`). */
export const pinSetSchema = z.object({
  pinnedAt: z.string().describe('Date of the handoff version.'),
  registryDate: z.string().optional().describe('Catalog date of the registry used.'),
  models: z.array(
    z.object({
      requested: z.array(z.string()),
      id: z.string().refine(isPinnedModelId, 'expected name@version'),
      name: z.string(),
      version: z.string(),
      source: z.enum(['ledger', 'registry', 'gen-ai']),
      capabilities: z.record(z.string(), z.unknown()),
    }),
  ),
});
