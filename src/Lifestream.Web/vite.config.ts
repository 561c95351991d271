import { defineConfig } from "vite";

// Every script and style ships with the page (no CDN); no inline script, so the CSP can forbid it.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: "es2022",
  },
});
