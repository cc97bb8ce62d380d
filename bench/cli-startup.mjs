// Process start: `claude-hybrid --version`, `doctor`, `completion bash`, `completion --list
// agents` and `plugin build`, and a cold `agents list --json` over the corpus, each against `node -e 0` measured
// alternately in the same run.
import { compareProcesses, ratioToNode, timeProcess } from './harness.mjs';
import { CLI, CORPUS_DIRS, isolatedProject } from './fixtures.mjs';

export async function cliStartup() {
  const { root, env } = isolatedProject();
  const options = { cwd: root, env };
  const baseline = [process.execPath, ['-e', '0'], options];
  const results = [];
  const version = compareProcesses({
    baseline,
    subject: [process.execPath, [CLI, '--version'], options],
  });
  results.push(ratioToNode('cli.version.vs-node', version, 1.05));
  // `doctor` in an initialised project with the daemon down: every offline check, SQLite included.
  const checked = isolatedProject();
  timeProcess(process.execPath, [CLI, 'init'], { cwd: checked.root, env: checked.env });
  const checkedOptions = { cwd: checked.root, env: checked.env };
  const doctor = compareProcesses({
    baseline: [process.execPath, ['-e', '0'], checkedOptions],
    subject: [process.execPath, [CLI, 'doctor'], checkedOptions],
  });
  results.push(ratioToNode('cli.doctor.daemon-down.vs-node', doctor, 1.8));
  // `completion bash`: the entry prints the script the build wrote, loading nothing else.
  const completion = compareProcesses({
    baseline,
    subject: [process.execPath, [CLI, 'completion', 'bash'], options],
  });
  results.push(ratioToNode('cli.completion-bash.vs-node', completion, 1.1));
  // What the script asks for at each <TAB> after `run --agent`: the full CLI, config and registry.
  const names = compareProcesses({
    baseline,
    subject: [process.execPath, [CLI, 'completion', '--list', 'agents'], options],
  });
  results.push(ratioToNode('cli.completion-list-agents.vs-node', names, 1.6));
  // `plugin build`: the whole marketplace (agents rendered, skills, hooks, MCP), rebuilt into
  // the same folder each round (the first round writes it; later ones compare bytes, write none).
  const pluginBuild = compareProcesses({
    baseline,
    subject: [process.execPath, [CLI, 'plugin', 'build', '--out', 'plugin-marketplace'], options],
  });
  results.push(ratioToNode('cli.plugin-build.vs-node', pluginBuild, 2));
  if (CORPUS_DIRS === undefined) {
    process.stderr.write('bench: ../shared/corpora absent; skipping agents list over the corpus\n');
    return results;
  }
  const listArgs = [
    CLI,
    'agents',
    'list',
    '--json',
    ...CORPUS_DIRS.flatMap((dir) => ['--agents-dir', dir]),
  ];
  const list = compareProcesses({ baseline, subject: [process.execPath, listArgs, options] });
  results.push(ratioToNode('cli.agents-list-corpus.cold.vs-node', list, 1.6));
  const routeArgs = [
    CLI,
    'route',
    '--json',
    'the checkout API is slow under load, profile it and fix the N+1 queries',
    ...CORPUS_DIRS.flatMap((dir) => ['--agents-dir', dir]),
  ];
  const route = compareProcesses({ baseline, subject: [process.execPath, routeArgs, options] });
  results.push(ratioToNode('cli.route-corpus.cold.vs-node', route, 1.6));
  // The same in an initialised project, where a config file and .claude-hybrid/ are read too.
  const project = isolatedProject();
  timeProcess(process.execPath, [CLI, 'init'], { cwd: project.root, env: project.env });
  const projectOptions = { cwd: project.root, env: project.env };
  const inProject = compareProcesses({
    baseline: [process.execPath, ['-e', '0'], projectOptions],
    subject: [process.execPath, listArgs, projectOptions],
  });
  results.push(ratioToNode('cli.agents-list-corpus.cold.in-project.vs-node', inProject, 1.6));
  return results;
}
