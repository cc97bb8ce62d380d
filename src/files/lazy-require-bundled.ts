/**
 * Third-party libraries that the build bundles into chunks of their own under `dist/vendor/`.
 * They are devDependencies, so a user's install does not hold their npm packages (the SDK's is
 * 30 MB of sources and maps; its chunk is well under 1 MB). Each chunk loads only on first use,
 * so commands that never need a library never pay for it. scripts/build.mjs keeps the same list
 * (VENDORED); test/dependency-policy.int.test.ts checks that each has its chunk.
 */
export const BUNDLED_LIBRARIES = [
  '@anthropic-ai/sdk',
  '@modelcontextprotocol/sdk',
  'yaml',
  'zod/mini',
  're2js',
] as const;
export type BundledLibrary = (typeof BUNDLED_LIBRARIES)[number];

/** The chunk's path relative to `dist/`: `@anthropic-ai/sdk` is `vendor/anthropic-ai-sdk.cjs`. */
export function bundledChunk(name: BundledLibrary): string {
  return `vendor/${name.replace(/^@/, '').replace(/\//g, '-')}.cjs`;
}

/**
 * Libraries whose chunk is built from a module of ours that gathers several of the package's
 * modules (the package has no single entry holding them): from the sources, requireBundled()
 * merges those modules. src/mcp/mcp-sdk.ts is the chunk's entry and re-exports the same.
 */
export const BUNDLED_PARTS: Partial<Record<BundledLibrary, readonly string[]>> = {
  '@modelcontextprotocol/sdk': [
    '@modelcontextprotocol/sdk/server/mcp.js',
    '@modelcontextprotocol/sdk/server/stdio.js',
    '@modelcontextprotocol/sdk/validation/ajv-provider.js',
    'zod',
  ],
};
