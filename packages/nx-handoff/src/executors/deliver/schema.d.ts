export interface DeliverExecutorSchema {
  /** Destination names from handoff.json, comma-separated; default every destination. */
  destination?: string;
  /** Deliver again where the ledger already records this version; replace a different file at a destination. */
  force?: boolean;
  /** Client folder, relative to the workspace root; defaults to the project root. */
  clientRoot?: string;
}
