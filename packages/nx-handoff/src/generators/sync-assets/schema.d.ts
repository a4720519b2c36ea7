// No options: `nx sync` runs sync generators without any.
export type SyncAssetsGeneratorSchema = Record<string, never>;
