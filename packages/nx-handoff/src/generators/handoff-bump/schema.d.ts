export interface HandoffBumpGeneratorSchema {
  /** Client slug (Nx project name). */
  name: string;
  /** Client folder, workspace-relative; default clients/<name> or the folder whose handoff.json has this name. */
  directory?: string;
  /** Date of the new version, YYYY-MM-DD (UTC); default today. */
  date?: string;
  /** Resolve models afresh instead of carrying the last delivered version's pins. */
  repin?: boolean;
}
