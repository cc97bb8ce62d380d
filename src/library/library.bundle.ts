/**
 * dist/library.cjs: what createHybrid() opens (config, the project's runtime, the library's
 * facade over the engine). The package entry (dist/index.cjs) loads it on the first
 * createHybrid(), so importing the package costs little more than starting Node.
 */
export { openHybrid } from './open-hybrid.js';
