// The Claude Code status line (issue 17): the command `hooks install --statusline` registers,
// run as Claude Code runs it (`sh -c <command>`, the status-line JSON on stdin), against
// `node -e 0` with the same stdin, measured alternately. A real daemon in a temporary
// CLAUDE_HYBRID_HOME answers, with a subagent running and a transcript of 2,000 messages (read
// once, then only what it grows by). Also, for reference: the fallback with the daemon stopped
// (node computes the line from the transcript) and `claude-hybrid statusline` itself.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, isolatedProject } from './fixtures.mjs';
import { compareProcesses, ratioToNode, timeProcess } from './harness.mjs';
import { startDaemon } from './daemon.mjs';

/** The whole status-line process may take at most this many times `node -e 0`. */
const TARGET = 1.2;

/** A main-chain transcript: a prompt, then `count` assistant messages with tool calls. */
function writeTranscript(path, count) {
  const lines = [JSON.stringify({ type: 'user', message: { role: 'user', content: 'go' } })];
  for (let index = 0; index < count; index += 1) {
    lines.push(
      JSON.stringify({
        type: 'assistant',
        isSidechain: false,
        message: {
          id: `msg_${index}`,
          role: 'assistant',
          model: 'claude-sonnet-5-5',
          content: [
            { type: 'tool_use', id: `toolu_${index}`, name: 'Bash', input: { command: 'ls' } },
          ],
          usage: {
            input_tokens: 12,
            output_tokens: 80,
            cache_creation_input_tokens: 400,
            cache_read_input_tokens: 40_000 + index * 50,
          },
        },
      }),
      JSON.stringify({
        type: 'user',
        message: {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: `toolu_${index}`, content: 'x'.repeat(400) },
          ],
        },
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function hook(info, event, body) {
  const response = await fetch(`http://127.0.0.1:${info.port}/hooks/${event}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${event}: status ${response.status}`);
}

export async function statusline() {
  const { root, env } = isolatedProject();
  const project = join(root, 'project');
  mkdirSync(project);
  timeProcess(process.execPath, [CLI, 'init'], { cwd: project, env });
  const transcript = join(root, 'session.jsonl');
  writeTranscript(transcript, 2_000);
  const input = JSON.stringify({
    session_id: 'bench-session',
    session_name: 'bench',
    transcript_path: transcript,
    cwd: project,
    model: { id: 'claude-sonnet-5-5', display_name: 'Sonnet 5.5' },
    workspace: { current_dir: project, project_dir: project, added_dirs: [] },
    version: '2.1.197',
    output_style: { name: 'default' },
    cost: { total_cost_usd: 1.5, total_duration_ms: 60_000, total_api_duration_ms: 30_000 },
    context_window: {
      total_input_tokens: 140_000,
      total_output_tokens: 80,
      context_window_size: 1_000_000,
      used_percentage: 14,
      remaining_percentage: 86,
    },
    thinking: { enabled: false },
  });
  const daemon = await startDaemon(env);
  const results = [];
  try {
    timeProcess(process.execPath, [CLI, 'hooks', 'install', '--statusline'], { cwd: project, env });
    const settings = JSON.parse(
      readFileSync(join(project, '.claude', 'settings.local.json'), 'utf8'),
    );
    const command = settings.statusLine.command;
    await hook(daemon.info, 'SubagentStart', {
      session_id: 'bench-session',
      cwd: project,
      hook_event_name: 'SubagentStart',
      agent_id: 'agent-1',
      agent_type: 'research',
    });
    // Claude Code's environment has no NO_COLOR: the line is drawn in colour, as it would be.
    const colourEnv = { ...env };
    delete colourEnv.NO_COLOR;
    const options = { cwd: project, env: colourEnv, stdio: ['pipe', 'pipe', 'pipe'], input };
    const answered = () => {
      const run = spawnSync('/bin/sh', ['-c', command], { ...options, encoding: 'utf8' });
      if (!run.stdout.includes('research') || !run.stdout.includes(`:${daemon.info.port}/`))
        throw new Error(`the status line did not come from the daemon: ${run.stdout}`);
    };
    answered(); // also the transcript's first, full read
    const measured = compareProcesses({
      baseline: [process.execPath, ['-e', '0'], options],
      subject: ['/bin/sh', ['-c', command], options],
    });
    answered(); // fast because it failed? The last run must still have reached the daemon.
    results.push(ratioToNode('statusline.vs-node', measured, TARGET));
    const documented = compareProcesses({
      baseline: [process.execPath, ['-e', '0'], options],
      subject: [process.execPath, [CLI, 'statusline'], options],
      runs: 11,
      warmup: 2,
    });
    results.push({
      ...ratioToNode('statusline.cli-command.vs-node', documented),
      note: '`claude-hybrid statusline` (node, asks the daemon); not what hooks install registers',
    });
    const stopped = new Promise((resolve) => daemon.child.once('exit', resolve));
    daemon.child.kill('SIGTERM');
    await stopped;
    const fallback = compareProcesses({
      baseline: [process.execPath, ['-e', '0'], options],
      subject: ['/bin/sh', ['-c', command], options],
      runs: 11,
      warmup: 2,
    });
    results.push({
      ...ratioToNode('statusline.daemon-stopped.vs-node', fallback),
      note: 'the fallback: node reads the transcript itself (over 1 MB: its tail)',
    });
  } finally {
    if (daemon.child.exitCode === null) daemon.child.kill('SIGTERM');
  }
  return results;
}
