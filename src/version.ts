declare const __CLAUDE_HYBRID_VERSION__: string | undefined;

/** Injected by the build (and by vitest's `define`), so printing it reads no file. */
export const VERSION: string =
  typeof __CLAUDE_HYBRID_VERSION__ === 'string' ? __CLAUDE_HYBRID_VERSION__ : '0.0.0-dev';
