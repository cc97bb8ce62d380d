import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let bundledDir: string | undefined;

/**
 * The example workflows ship as YAML next to the code: `dist/workflows` in a build,
 * `src/workflow/examples` when running from source (tests).
 */
export function bundledWorkflowsDir(): string {
  if (bundledDir !== undefined) return bundledDir;
  for (const candidate of ['./workflows', './examples', '../../dist/workflows']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(dir)) {
      bundledDir = dir;
      return dir;
    }
  }
  bundledDir = fileURLToPath(new URL('./examples', import.meta.url));
  return bundledDir;
}
