import { promises as fs } from 'node:fs';
import { readJsonFile } from '../config/read-json';
import { HandoffError } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import {
  ledgerPath,
  ledgerSchema,
  sameLocation,
  type Ledger,
  type LedgerDelivery,
  type LedgerVersion,
} from './ledger-schema';

export interface LedgerRef {
  /** Absolute path of handoff-ledger.json. */
  file: string;
  ledger: Ledger;
  /** Whether the file exists yet. */
  exists: boolean;
}

/** Read `<clientRoot>/handoff-ledger.json`; an empty ledger when the client never delivered. */
export async function readLedger(clientRoot: string, slug: string, workspaceRoot?: string): Promise<LedgerRef> {
  const file = ledgerPath(clientRoot);
  const exists = await fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return { file, exists, ledger: { client: slug, versions: [] } };
  const ledger = await readJsonFile(file, ledgerSchema, {
    displayBase: workspaceRoot,
    hint: 'the ledger is written by handoff-deliver: restore it from version control (git checkout -- <file>) rather than editing it',
  });
  return { file, exists, ledger };
}

/** Stable bytes: versions oldest first, 2-space JSON, trailing newline. */
export function formatLedger(ledger: Ledger): string {
  const versions = [...ledger.versions].sort((a, b) => a.version - b.version);
  return `${JSON.stringify({ client: ledger.client, versions }, null, 2)}\n`;
}

export async function writeLedger(file: string, ledger: Ledger): Promise<void> {
  await writeFileAtomic(file, formatLedger(ledger));
}

/**
 * The ledger with `deliveries` recorded for `entry`'s version. A version already in the ledger
 * keeps its record (it is immutable); only a different digest is refused.
 */
export function recordDeliveries(
  ledger: Ledger,
  entry: Omit<LedgerVersion, 'deliveries'>,
  deliveries: LedgerDelivery[],
  file: string,
): Ledger {
  const existing = ledger.versions.find((v) => v.version === entry.version);
  if (existing && existing.sha256 !== entry.sha256) {
    throw new HandoffError({
      code: 'VERSION_EXISTS',
      file,
      field: `versions[v${entry.version}]`,
      message: `v${entry.version} was delivered with sha256 ${existing.sha256}; this zip is ${entry.sha256}`,
      hint: 'a delivered version is immutable: start the next version with `nx g nx-handoff:handoff-bump <slug>`',
    });
  }
  // A forced re-delivery to the same place replaces that place's record.
  const kept = (existing?.deliveries ?? []).filter(
    (d) => !deliveries.some((n) => sameLocation(n.destination, d.destination)),
  );
  const merged: LedgerVersion = existing
    ? { ...existing, deliveries: [...kept, ...deliveries] }
    : { ...entry, deliveries };
  return {
    ...ledger,
    versions: [...ledger.versions.filter((v) => v.version !== entry.version), merged].sort(
      (a, b) => a.version - b.version,
    ),
  };
}
