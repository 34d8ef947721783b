import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    server: {
      deps: {
        // Load the built API as plain Node modules (as in production): graphql must be one instance.
        external: [/apps\/api\/dist\//, /@asn\/api\//],
      },
    },
  },
});
