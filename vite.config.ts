import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { FIELD_API_CACHE } from './client/field/apiCache.ts';

/**
 * The files the field app (/field) needs offline: the entry chunk and the field screen's chunks (its lazy
 * map included) with everything they import, their CSS and assets (maplibre's worker). The other screens'
 * chunks (deck.gl, ECharts, ExcelJS) are not precached: a phone never opens the wall.
 */
const fieldFiles = new Set<string>();
const FIELD_MODULES = /[\\/]client[\\/]screens[\\/]field[\\/]/;
const fieldOfflineFiles: Plugin = {
  name: 'field-offline-files',
  apply: 'build',
  generateBundle(_, bundle) {
    fieldFiles.clear();
    const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])));
    const add = (fileName: string) => {
      const c = chunks.get(fileName);
      if (!c || fieldFiles.has(fileName)) return;
      fieldFiles.add(fileName);
      for (const f of [...(c.viteMetadata?.importedCss ?? []), ...(c.viteMetadata?.importedAssets ?? [])]) fieldFiles.add(f);
      for (const i of c.imports) add(i);
    };
    for (const c of chunks.values()) if (c.isEntry || FIELD_MODULES.test(c.facadeModuleId ?? '')) add(c.fileName);
  },
};

// The client is built into dist/ and served by the server on the same port; `npm run dev:client` proxies
// the API to a running server for hot reload.
export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    fieldOfflineFiles,
    // The field app's service worker (issue 18): scoped to /field, so the wall, the console, the leader view
    // and the admin screen are never controlled by it; registered and given its manifest by the field page.
    VitePWA({
      injectRegister: false,
      manifest: false,
      filename: 'field-sw.js',
      scope: '/field',
      workbox: {
        globPatterns: ['**/*.{js,mjs,css,html,png,webmanifest}'],
        manifestTransforms: [
          async (entries) => ({
            manifest: entries.filter((e) => !e.url.startsWith('assets/') || fieldFiles.has(e.url)),
            warnings: [],
          }),
        ],
        maximumFileSizeToCacheInBytes: 4_000_000,
        navigateFallback: 'index.html',
        navigateFallbackAllowlist: [/^\/field/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        // Reads: the network first, the last answer when there is none (a village without signal); writes
        // never pass here — they wait in the app's own queue (client/field/outbox.ts).
        runtimeCaching: [
          {
            urlPattern: ({ url, request }) => request.method === 'GET' && url.pathname.startsWith('/api/'),
            handler: 'NetworkFirst',
            options: { cacheName: FIELD_API_CACHE, networkTimeoutSeconds: 8, expiration: { maxEntries: 300 } },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // maplibre on its own, so that the phone's map does not bring the wall's deck.gl with it.
        codeSplitting: { groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/].*\.m?js$/ }] },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
