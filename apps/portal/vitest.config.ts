import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // a whole walk (sign-ins, a dozen server round trips, live updates) takes ~35 s on an idle 2-core
    // machine and twice that while another process keeps both cores busy
    testTimeout: 180_000,
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
