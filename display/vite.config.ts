import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** The server serves the built board at /display/; `npm run dev` proxies the API, media and voice clips to a server on :8080. */
const target = process.env.QMS_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  base: '/display/',
  plugins: [svelte()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': target,
      '/media': target,
      '/audio': target,
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
    },
  },
});
