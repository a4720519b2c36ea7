import { HandoffError } from '../errors';
import { sameLocation, type LedgerDestination } from '../ledger/ledger-schema';

export { sameLocation };
import type { Logger } from '../types';

/** The built zip being delivered, with its `sha256sum -c` file. */
export interface DeliveryPayload {
  zipPath: string;
  shaPath: string;
  zipName: string;
  sha256: string;
  size: number;
}

export interface DeliveryReceipt {
  /** What the ledger records: a location, never a credential or a signed link. */
  destination: LedgerDestination;
  /** Where the receiving team finds the zip: a path or an sftp:// address. */
  where: string;
  /** Presigned download link (S3), for the brief only. */
  link?: { url: string; expiresAt: string };
  /** Nothing was transferred: the destination already held these exact bytes. */
  reused: boolean;
  /** How the copy was verified, e.g. "sha256 read back". */
  verified: string;
}

export interface DeliverContext {
  workspaceRoot: string;
  /** Replace a different file already at the destination, and deliver again what the ledger records. */
  force: boolean;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  logger: Logger;
}

/** One configured destination. `deliver` either leaves a verified copy at `locate()` or throws. */
export interface DestinationDriver {
  name: string;
  locate(payload: DeliveryPayload): LedgerDestination;
  deliver(payload: DeliveryPayload, ctx: DeliverContext): Promise<DeliveryReceipt>;
  /** The receipt of a delivery the ledger already records, without a transfer (a fresh share link for S3). */
  recorded(payload: DeliveryPayload, ctx: DeliverContext): Promise<DeliveryReceipt>;
}

/** Text of `<zip>.sha256` for a destination: the zip name only, so `sha256sum -c` works beside it. */
export function shaFileText(payload: DeliveryPayload): string {
  return `${payload.sha256}  ${payload.zipName}\n`;
}

/** A file of another content already sits where the zip goes: never replaced without --force. */
export function differentFileError(where: string, name: string): HandoffError {
  return new HandoffError({
    code: 'VERSION_EXISTS',
    file: where,
    field: `deliver destination "${name}"`,
    message: "a different file with this zip's name is already there; it was left as it was",
    hint: 'a delivered zip is never overwritten silently: check what is there, then deliver with --force to replace it, or bump the version',
  });
}
