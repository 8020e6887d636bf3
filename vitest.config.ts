import { defineConfig } from 'vitest/config';

// Tests import TypeScript from src/ directly; tests that spawn the CLI or load
// runtime.wasm rely on `npm run build`, which `npm test` runs first.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
});
