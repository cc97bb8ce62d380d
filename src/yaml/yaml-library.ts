import type * as Yaml from 'yaml';
import { requireBundled } from '../files/index.js';

let library: typeof Yaml | undefined;

/**
 * The `yaml` library, required on first use. Loading it costs several milliseconds and most
 * commands never need it: agent frontmatter almost always fits the fast simple parser, and only
 * config files, unusual frontmatter and deploy's renderer use the full library. In the build it
 * is `dist/vendor/yaml.cjs`.
 */
export function yamlLibrary(): typeof Yaml {
  library ??= requireBundled('yaml') as typeof Yaml; // the package's own type
  return library;
}
