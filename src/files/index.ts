export { writeFileAtomic } from './atomic-write.js';
export { NumberHash, fastHashHex, sha256Hex } from './hashing.js';
export { userHome } from './home-dir.js';
export { lazyRequire } from './lazy-require.js';
export { readCacheFile, writeCacheFile } from './cache-file.js';
export { assetDir } from './asset-dir.js';
export { parseDuration } from './duration.js';
export { processAlive } from './process-alive.js';
export { processStartStamp } from './process-identity.js';
