import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    // expect.poll waits for what the user waits for (a redirect, a live update): on a busy 2-core
    // machine that can take seconds, never a bare 1 s
    expect: { poll: { timeout: 15_000, interval: 100 } },
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
