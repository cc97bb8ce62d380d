import { GLOBAL_OPTIONS, VERSION_OPTION } from '../cli/help.js';
import { loadCommandGroups } from './command-groups.js';
import { renderCliReference } from './render-cli.js';
import { renderCommandTable } from './render-command-table.js';
import { renderConfigReference } from './render-config.js';
import { renderErrorReference } from './render-errors.js';

/** One generated page: its path from the repository root, and how to render it. */
export interface ReferencePage {
  readonly path: string;
  render(): Promise<string>;
}

/** The pages `npm run docs` writes and the staleness test compares. */
export const REFERENCE_PAGES: readonly ReferencePage[] = [
  {
    path: 'docs/cli.md',
    render: async () =>
      renderCliReference({
        groups: await loadCommandGroups(),
        globalOptions: { ...GLOBAL_OPTIONS, version: VERSION_OPTION },
      }),
  },
  { path: 'docs/configuration.md', render: () => Promise.resolve(renderConfigReference()) },
  { path: 'docs/errors.md', render: () => Promise.resolve(renderErrorReference()) },
  // Not a page: the data the shell completion scripts are generated from, kept fresh alike.
  {
    path: 'src/cli/completion/command-table.ts',
    render: async () =>
      renderCommandTable(await loadCommandGroups(), GLOBAL_OPTIONS, { version: VERSION_OPTION }),
  },
];
