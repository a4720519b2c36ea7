// Subpath entry `@nx-handoff/core/ensure` (see src/ensure-bundle.ts): the handoff step's check of
// the built zip, without loading the pipeline unless it has to rebuild.
export * from './src/ensure-bundle';
