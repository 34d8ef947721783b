import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    // `vite dev`: same-origin /graphql (HTTP and WebSocket) like server.js does in production
    proxy: { '/graphql': { target: api, ws: true, changeOrigin: false }, '/files': { target: api, changeOrigin: false } },
  },
});
