export interface EnsureExecutorSchema {
  /** Client folder, relative to the workspace root; defaults to the project root. */
  clientRoot?: string;
  /** A cold-test report counts only when it dry-ran every job. */
  all?: boolean;
  /** A cold-test report counts only when the gen-ai CLI was required. */
  requireCli?: boolean;
}
