export interface VerifyExecutorSchema {
  /** Zip to check; defaults to the client's current version. */
  zip?: string;
  all?: boolean;
  requireCli?: boolean;
  clientRoot?: string;
}
