/**
 * The node relay (dist/hook-relay.cjs): `node hook-relay.cjs <Event>`, with the hook input on
 * stdin. The command hook on Windows, and on POSIX what hook-relay.sh hands over to when it
 * cannot reach the daemon with curl. It forwards the input to the daemon over loopback HTTP and prints the daemon's answer
 * (the hook output JSON). When the daemon is not running it handles the event in this process
 * instead (dist/hook-inprocess.cjs, loaded only then). It imports nothing heavy: a raw HTTP/1.1
 * request over `node:net`, so an event costs little more than starting node.
 *
 * It fails open: whatever goes wrong, it exits 0 with no output, so Claude Code goes on; the
 * reason goes to stderr, which Claude Code shows in verbose mode.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lazyRequire } from '../files/lazy-require.js';
import { readDaemonFile } from './daemon-info.js';
import { EVENT_KEY_HEADER, isTelemetryEvent } from './hook-events.js';
import { rawRequest } from './raw-request.js';
import { spoolEvent } from './spool.js';

const event = process.argv[2] ?? '';
const home =
  process.env['CLAUDE_HYBRID_HOME'] !== undefined && process.env['CLAUDE_HYBRID_HOME'] !== ''
    ? resolve(process.env['CLAUDE_HYBRID_HOME'])
    : join(process.env['HOME'] ?? process.env['USERPROFILE'] ?? '.', '.claude-hybrid');

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const input = readStdin();
  // Nobody reads a telemetry event's answer: leave it for the daemon, with no network at all.
  // It is handled when the daemon next looks (at once when it runs, else when it starts).
  if (isTelemetryEvent(event)) {
    spoolEvent(home, event, input);
    return;
  }
  // One id for this event, whichever way it is recorded: if the daemon recorded it but died
  // before answering, the in-process fallback below sees the id and does not record it again.
  // Unique, not secret: pid, time and a random part, without loading node:crypto.
  const key = `relay:${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const info = readDaemonFile(home);
  if (info !== undefined) {
    try {
      const answer = await rawRequest({
        port: info.port,
        method: 'POST',
        path: `/hooks/${encodeURIComponent(event)}`,
        token: info.token,
        body: input,
        headers: { [EVENT_KEY_HEADER]: key },
        timeoutMs: 10_000,
      });
      if (answer.status >= 200 && answer.status < 300) {
        if (answer.body !== '' && answer.body !== '{}') process.stdout.write(answer.body);
      } else
        process.stderr.write(
          `claude-hybrid hook: daemon answered ${answer.status}: ${answer.body}\n`,
        );
      return;
    } catch {
      // The daemon is gone (a stale daemon.json): handle the event here instead.
    }
  }
  const { handleOnce } = lazyRequire('./hook-inprocess.cjs') as {
    handleOnce: (event: string, input: string, home: string, key?: string) => string;
  };
  const output = handleOnce(event, input, home, key);
  if (output !== '' && output !== '{}') process.stdout.write(output);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `claude-hybrid hook: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(0);
  },
);
