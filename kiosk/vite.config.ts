import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * Two pages from one build: the kiosk (index.html, served at /kiosk/) and the citizen's mobile ticket page
 * (ticket.html, served by the server at /t/<token>). `npm run dev` proxies the API to a server on :8080.
 */
const target = process.env.QMS_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  base: '/kiosk/',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: { kiosk: resolve(import.meta.dirname, 'index.html'), ticket: resolve(import.meta.dirname, 'ticket.html') },
    },
  },
  server: {
    proxy: {
      '/api': target,
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
    },
  },
});
