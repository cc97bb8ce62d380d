// `npm run bench`: every benchmark, results in bench/results/latest.json and a table.
// Figures are ratios against a baseline measured in the same run (the machines are noisy).
import { printTable, writeResults } from './harness.mjs';
import { claudeCode } from './claude-code.mjs';
import { cliStartup } from './cli-startup.mjs';
import { daemon } from './daemon.mjs';
import { dashboard } from './dashboard.mjs';
import { engine } from './engine.mjs';
import { installSize } from './install-size.mjs';
import { library } from './library.mjs';
import { mcp } from './mcp.mjs';
import { memory } from './memory.mjs';
import { registryReload } from './registry-reload.mjs';
import { routingQuality } from './routing-quality.mjs';
import { statusline } from './statusline.mjs';
import { queue } from './queue.mjs';
import { workflow } from './workflow.mjs';

const only = process.argv.slice(2);
const suites = {
  'cli-startup': cliStartup,
  'registry-reload': registryReload,
  'routing-quality': routingQuality,
  engine,
  library,
  workflow,
  memory,
  daemon,
  dashboard,
  mcp,
  'claude-code': claudeCode,
  statusline,
  queue,
  'install-size': installSize,
};
/** Slow suites (a real npm install), run only when named: `node bench/run.mjs install-size`. */
const onlyWhenNamed = new Set(['install-size']);
const results = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 ? !only.includes(name) : onlyWhenNamed.has(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  results.push(...(await suite()));
}
writeResults(results, new URL('./results/latest.json', import.meta.url));
printTable(results);
if (results.some((result) => result.pass === false))
  process.stderr.write('bench: some targets were missed (see MISS above)\n');
