import { writeMarketplace } from './marketplace-output.js';
import { pluginFiles } from './plugin-files.js';
import { staleFiles } from './marketplace-output.js';
import type { BuildFiles } from './marketplace-output.js';

/**
 * The repository is a marketplace: its root holds `.claude-plugin/marketplace.json` and the
 * plugin it names in `plugins/claude-hybrid/`, a plugin build of the bundled agents and skills
 * (never --include-local: nothing of the machine's), so `claude plugin marketplace add
 * <owner>/<repo>` works from GitHub or a clone. `npm run docs` writes it; a test fails when the
 * committed copy differs from what the sources build. Only the build's own paths are touched.
 */

function repositoryFiles(): BuildFiles {
  return pluginFiles().files;
}

/** Writes the copy under the repository `root`; returns the paths that changed or were removed. */
export function writeRepositoryMarketplace(root: string): string[] {
  const report = writeMarketplace(root, repositoryFiles(), { adopt: true });
  return [...report.written, ...report.removed];
}

/** The paths of the committed copy under `root` that differ from a fresh build. */
export function staleRepositoryMarketplace(root: string): string[] {
  return staleFiles(root, repositoryFiles());
}
