export { writeFileAtomic } from './atomic-write.js';
export { NumberHash, fastHashHex, sha256Hex } from './hashing.js';
export { userHome } from './home-dir.js';
export {
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  ensurePrivateDir,
  ensurePrivateDirFor,
  isHomeDataName,
  notWritableError,
  preparePrivateDatabase,
  tightenPrivateFile,
} from './private-files.js';
export type { PrivateDirOptions } from './private-files.js';
export { lazyRequire, requireBundled } from './lazy-require.js';
export type { BundledLibrary } from './lazy-require-bundled.js';
export { requireOptional } from './require-optional.js';
export {
  readCacheFile,
  readStampedCache,
  writeCacheFile,
  writeStampedCache,
} from './cache-file.js';
export { assetDir } from './asset-dir.js';
export { parseDuration } from './duration.js';
export { processAlive } from './process-alive.js';
export { processStartStamp } from './process-identity.js';
export { basicAuth, jsonHeaders, withoutCredentials } from './http-credentials.js';
export { escapeControls, printable } from './printable-text.js';
