import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The client is built into dist/ and served by the server on the same port; `npm run dev:client` proxies
// the API to a running server for hot reload.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 4000, sourcemap: false },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'ws://localhost:8080', ws: true } } },
});
