import { defineConfig } from 'vitest/config';

// unit: pure code, no database (beside the code it tests); integration: through HTTP against a real
// database (PGlite, or PostgreSQL when TEST_DATABASE_URL is set); e2e: the built client in Chromium.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['{shared,geodata,server,client}/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/cluster/**'],
          globalSetup: ['test/helpers/templates.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      { test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/templates.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
