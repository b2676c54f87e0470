import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** The server serves the built panel at /counter/; `npm run dev` proxies the API to a server on :8080. */
const target = process.env.QMS_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  base: '/counter/',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': target,
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
    },
  },
});
