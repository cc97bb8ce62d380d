// Settings shared by every esbuild bundle of our TypeScript (the CLI build, benches, test workers).
// Bundled CommonJS dependencies call require(); ESM output needs one defined.
export const REQUIRE_BANNER =
  "import{createRequire as __chCreateRequire}from'node:module';const require=__chCreateRequire(import.meta.url);";
