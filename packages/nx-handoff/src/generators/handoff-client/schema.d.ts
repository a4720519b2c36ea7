export type RightsKind = 'licensed-stock' | 'font' | 'reference-face' | 'client-supplied';

/** Options as given on the command line or answered at the prompts. */
export interface HandoffClientGeneratorSchema {
  name: string;
  directory?: string;
  client?: string;
  engagement?: string;
  receivingTeam?: string;
  /** Comma-separated. */
  receivingTools?: string | string[];
  /** Comma-separated on the command line. */
  rights?: RightsKind[] | string;
  rightsStatus?: string;
  regenerate?: boolean;
  /** Comma-separated. */
  competitors?: string | string[];
  /** Comma-separated. */
  reviewers?: string | string[];
  format?: 'zip' | 'bagit';
  supportContact?: string;
  supportWindowDays?: number;
  date?: string;
  skipFormat?: boolean;
  /** Write handoff.json into an existing engagement folder (default: when --directory already holds files). */
  adopt?: boolean;
}
