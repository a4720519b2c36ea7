export interface RegenProofExecutorSchema {
  /** Bundle zip; defaults to the client's current version. */
  zip?: string;
  /** Job ids, comma-separated or a list. */
  jobs?: string | string[];
  all?: boolean;
  yes?: boolean;
  allowDrift?: boolean;
  clientRoot?: string;
}
