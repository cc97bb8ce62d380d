import { createRequire } from 'node:module';
import type { openHybrid as OpenHybrid } from './open-hybrid.js';

/**
 * The ESM build's door to dist/library.cjs (scripts/build.mjs substitutes it for
 * library-door.ts in dist/index.mjs): the bundle is required on the first createHybrid(), so
 * importing the package loads no more than its small entry.
 */
export const openHybrid: typeof OpenHybrid = (options) =>
  (createRequire(import.meta.url)('./library.cjs') as { openHybrid: typeof OpenHybrid }).openHybrid(
    // what dist/library.cjs exports (library.bundle.ts)
    options,
  );
