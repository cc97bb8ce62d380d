import { assetDir } from '../files/index.js';

let bundledDir: string | undefined;

/**
 * The example workflows ship as YAML next to the code: `dist/workflows` in a build,
 * `src/workflow/examples` when running from source (tests).
 */
export function bundledWorkflowsDir(): string {
  bundledDir ??= assetDir(
    import.meta.url,
    ['./workflows', './examples', '../../dist/workflows'],
    './examples',
  );
  return bundledDir;
}
