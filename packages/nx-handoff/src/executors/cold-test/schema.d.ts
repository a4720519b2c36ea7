export interface ColdTestExecutorSchema {
  all?: boolean;
  requireCli?: boolean;
  clientRoot?: string;
}
