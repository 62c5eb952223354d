import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// Everything, Monaco's workers included, is bundled into dist/renderer: the UI
// loads nothing from the network.
export default defineConfig({
  root: here,
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.join(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
});
