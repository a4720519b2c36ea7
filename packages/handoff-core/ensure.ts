// Subpath entry `@nx-handoff/core/ensure` (see src/ensure-bundle.ts): the handoff step's check of
// the built zip and the rebuild it may need, without the delivery modules of the full entry.
export * from './src/ensure-bundle';
