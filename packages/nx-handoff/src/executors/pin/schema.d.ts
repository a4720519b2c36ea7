export interface PinExecutorSchema {
  /** Client folder, relative to the workspace root; defaults to the project root. */
  clientRoot?: string;
}
