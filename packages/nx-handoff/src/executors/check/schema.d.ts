export interface CheckExecutorSchema {
  /** Client folder, relative to the workspace root; defaults to the project root. */
  clientRoot?: string;
}
