/**
 * The door to dist/library.cjs. createHybrid() imports this module on demand, which the
 * CommonJS build turns into a lazy module init inside dist/index.cjs; its static import of the
 * external bundle then becomes a plain `require` at that moment, with no ESM loader involved.
 */
export { openHybrid } from './library.bundle.js';
