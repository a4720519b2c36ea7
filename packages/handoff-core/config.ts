// Subpath entry `@nx-handoff/core/config` (see src/config-api.ts).
export * from './src/config-api';
