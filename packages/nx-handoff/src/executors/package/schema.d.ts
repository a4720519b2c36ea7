export interface PackageExecutorSchema {
  /** Overrides `format` in handoff.json. */
  format?: 'zip' | 'bagit';
  /** Client folder, relative to the workspace root; defaults to the project root. */
  clientRoot?: string;
}
