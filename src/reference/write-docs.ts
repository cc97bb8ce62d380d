/**
 * The entry `npm run docs` bundles and runs (scripts/docs.mjs): renders every reference page and
 * writes the ones that changed under `root`, then the repository's marketplace copy of the plugin
 * (plugin/repository-marketplace.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeRepositoryMarketplace } from '../plugin/repository-marketplace.js';
import { REFERENCE_PAGES } from './pages.js';

/** Writes the pages under `root`; returns the paths whose content changed. */
export async function writeReferenceDocs(root: string): Promise<string[]> {
  const changed: string[] = [];
  for (const page of REFERENCE_PAGES) {
    const file = join(root, page.path);
    const text = await page.render();
    if (readIfExists(file) === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    changed.push(page.path);
  }
  changed.push(...writeRepositoryMarketplace(root));
  return changed;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
