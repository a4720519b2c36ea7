import { readLedger } from './ledger-file';
import { findLedgerVersion, previousLedgerVersion, type Ledger, type LedgerVersion } from './ledger-schema';
import type { ClientConfig, LoadedClient, ModelPin } from '../types';

/** What the ledger says about the version being built. */
export interface VersionHistory {
  ledgerFile: string;
  ledger: Ledger;
  /** This version's record, when it was already delivered: the rebuild must reproduce it. */
  delivered?: LedgerVersion;
  /** The newest version delivered before this one: what this one is compared with. */
  base?: LedgerVersion;
}

export async function loadVersionHistory(client: LoadedClient): Promise<VersionHistory> {
  const { file, ledger } = await readLedger(client.clientRoot, client.slug, client.workspaceRoot);
  const { version } = client.config;
  return {
    ledgerFile: file,
    ledger,
    delivered: findLedgerVersion(ledger, version),
    base: previousLedgerVersion(ledger, version),
  };
}

/**
 * Pins pinModels takes as recorded: a delivered version's own pins (as they were, so the rebuild
 * is byte-identical), else the last delivered version's pins carried over with source "ledger",
 * except the models `repin` names (all of them for `repin: true`).
 */
export function ledgerPins(history: VersionHistory, config: Pick<ClientConfig, 'repin'>): ModelPin[] {
  if (history.delivered) return history.delivered.pins.map((p) => ({ ...p, requested: [...p.requested] }));
  if (!history.base || config.repin === true) return [];
  const repin = new Set(Array.isArray(config.repin) ? config.repin : []);
  return history.base.pins
    .filter((p) => !repin.has(p.id) && !repin.has(p.name) && !p.requested.some((r) => repin.has(r)))
    .map((p) => ({ ...p, requested: [...p.requested], source: 'ledger' as const }));
}
