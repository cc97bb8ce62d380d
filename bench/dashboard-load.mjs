// The fan-out benchmark's load generator, in its own process: posts PostToolUse hook events to
// the daemon at RATE per second for DURATION_MS, each carrying the time it was sent (epoch ms,
// fractional) in its command, so the clients can measure delivery latency.
// argv: port token projectRoot rate durationMs. Prints {sent, failed, seconds} as JSON.
import { Agent, request } from 'node:http';

const [port, token, project, rateText, durationText] = process.argv.slice(2);
const rate = Number(rateText);
const duration = Number(durationText);
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const now = () => performance.timeOrigin + performance.now();

let sent = 0;
let failed = 0;
let inFlight = 0;
const roundTrips = [];
function post(index) {
  const body = JSON.stringify({
    session_id: 'fanout',
    cwd: project,
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_use_id: `toolu_${index}`,
    tool_input: { command: `sent=${now()}` },
  });
  inFlight += 1;
  const postedAt = performance.now();
  const call = request(
    {
      agent,
      host: '127.0.0.1',
      port: Number(port),
      method: 'POST',
      path: '/hooks/PostToolUse',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    },
    (response) => {
      response.resume();
      response.on('end', () => {
        roundTrips.push(performance.now() - postedAt);
        inFlight -= 1;
        if (response.statusCode !== 200) failed += 1;
      });
    },
  );
  call.on('error', () => {
    inFlight -= 1;
    failed += 1;
  });
  call.end(body);
  sent += 1;
}

const began = performance.now();
await new Promise((resolve) => {
  const tick = () => {
    const elapsed = performance.now() - began;
    const due = Math.min(Math.floor((elapsed / 1000) * rate), Math.floor((duration / 1000) * rate));
    while (sent < due) post(sent);
    if (elapsed >= duration) resolve();
    else setTimeout(tick, 2);
  };
  tick();
});
while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
roundTrips.sort((left, right) => left - right);
const at = (p) =>
  roundTrips[Math.min(roundTrips.length - 1, Math.floor((p / 100) * roundTrips.length))];
process.stdout.write(
  `${JSON.stringify({ sent, failed, seconds: (performance.now() - began) / 1000, roundTripP50: at(50), roundTripP99: at(99), roundTripMax: roundTrips.at(-1) })}\n`,
);
agent.destroy();
