import { writeFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import mdx from '@mdx-js/rollup';
import remarkMath from 'remark-math';
import remarkGfm from 'remark-gfm';
import rehypeKatex from 'rehype-katex';
import { VitePWA } from 'vite-plugin-pwa';
import { rehypeSections } from './scripts/rehype-sections.ts';
import { rehypeWidgetScopes } from './scripts/rehype-widget-scopes.ts';

// Cross-origin isolation lets the tfjs wasm backend use threads where the browser allows it.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative base: the built site works from any static host and under any sub-path.
  base: './',
  plugins: [
    {
      enforce: 'pre',
      ...mdx({
        remarkPlugins: [remarkMath, remarkGfm],
        rehypePlugins: [rehypeKatex, rehypeWidgetScopes, rehypeSections],
        providerImportSource: '@mdx-js/react',
      }),
    },
    react({ include: /\.(mdx|tsx|ts|jsx|js)$/ }),
    // Offline: a Workbox service worker precaches the site, its code chunks, the wasm backends,
    // KaTeX's fonts and the zoo models (about 11 MB, the teacher 9.6 MB of it). MNIST is not
    // precached: the worker keeps it in Cache Storage itself (src/runtime/worker/mnist.ts). A new
    // version waits until the reader reloads (src/app/OfflineStatus.tsx), so an open lesson keeps
    // the code it started with.
    VitePWA({
      injectRegister: false,
      registerType: 'prompt',
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,woff2,svg}', 'models/**/*.{json,bin}'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        // The list of precached files and their sizes, for the page's "Download the whole course"
        // progress (src/app/CourseDownload.tsx).
        manifestTransforms: [async (entries) => {
          const files = entries.map(({ url, size }) => ({ url, size }));
          writeFileSync(new URL('./dist/offline-files.json', import.meta.url), JSON.stringify({ files }));
          return { manifest: entries };
        }],
      },
    }),
  ],
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
