import { join } from 'node:path';
import { workflowCatalog } from '../../engine/engine.bundle.js';
import type { Subcommand } from '../command.js';
import { renderTable } from '../output.js';

/** `workflow list`: the workflows `workflow run NAME` takes, with their inputs. */
export const workflowListCommand: Subcommand = {
  name: 'list',
  summary: 'List the workflows a run can name: the project ones, then the bundled ones.',
  usage: '[--json]',
  details:
    'A project workflow (.claude-hybrid/workflows/NAME.yaml) shadows a bundled one of the same\n' +
    'name. INPUTS names each input; one in [brackets] has a default (see it with --json), the\n' +
    'others must be given with --input. A file that cannot run is listed with its first problem.',
  options: {},
  positionals: { min: 0, max: 0, name: '' },
  examples: ['claude-hybrid workflow list', 'claude-hybrid workflow list --json'],
  async run(context) {
    const loaded = await context.loadConfig();
    const workflows = workflowCatalog(
      loaded.projectRoot,
      join(loaded.hybridHome, 'cache', 'workflows'),
    );
    if (context.json) {
      context.writeJson({ workflows });
      return 0;
    }
    context.out(
      renderTable(
        ['NAME', 'SCOPE', 'INPUTS', 'DESCRIPTION'],
        workflows.map((workflow) => [
          workflow.name,
          workflow.scope,
          workflow.inputs
            .map((input) => (input.required ? input.name : `[${input.name}]`))
            .join(' ') || '-',
          workflow.problems.length > 0
            ? `cannot run: ${workflow.problems[0] ?? ''}`
            : (workflow.description ?? ''),
        ]),
        context.io.stdout.columns ?? 120,
      ),
    );
    context.out('run one with: claude-hybrid workflow run NAME --input INPUT=VALUE');
    return 0;
  },
};
