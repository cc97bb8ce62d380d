/**
 * The page's files (dist/dashboard/, built from src/dashboard/ui/), read once into memory with a
 * gzipped copy and an ETag. Only the names found in that folder at the first request are served:
 * a request for anything else, `..` and encoded slashes included, is a 404, so no path from a
 * URL ever reaches the file system.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Asset {
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly type: string;
  readonly etag: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** A plain file name: nothing that could leave the folder. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;

export class StaticAssets {
  private assets: Map<string, Asset> | undefined;

  constructor(private readonly dir: string) {}

  /** The file called `name`, or undefined (not built, or not one of ours). */
  get(name: string): Asset | undefined {
    this.assets ??= this.load();
    return this.assets.get(name);
  }

  private load(): Map<string, Asset> {
    const assets = new Map<string, Asset>();
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return assets; // not built: every asset is a 404, and the page says how to build
    }
    for (const name of names) {
      const type = TYPES[extname(name)];
      if (!SAFE_NAME.test(name) || name.includes('..') || type === undefined) continue;
      try {
        const body = readFileSync(join(this.dir, name));
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
        assets.set(name, { body, gzipped: gzipSync(body, { level: 9 }), type, etag });
      } catch {
        // A folder or an unreadable file is not an asset.
      }
    }
    return assets;
  }
}
