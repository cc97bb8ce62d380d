// The fan-out benchmark's dashboard pages, in their own process: CLIENTS server-sent event
// streams on /api/live, each measuring, per event, now minus the send time the load generator
// put in the event. Prints READY once every stream is open; on stdin's end prints the latencies'
// {count, p50, p95, p99, max} as JSON.
// argv: port token projectRoot clients.
import { request } from 'node:http';

const [port, token, project, clientsText] = process.argv.slice(2);
const clients = Number(clientsText);
const now = () => performance.timeOrigin + performance.now();
const latencies = [];
const streams = [];

function open() {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: '127.0.0.1',
        port: Number(port),
        path: `/api/live?project=${encodeURIComponent(project)}`,
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk) => {
          const received = now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const at = block.indexOf('sent=');
            if (at !== -1) latencies.push(received - Number.parseFloat(block.slice(at + 5)));
          }
        });
        resolve(call);
      },
    );
    call.on('error', reject);
    call.end();
  });
}

for (let index = 0; index < clients; index += 1) streams.push(await open());
process.stdout.write('READY\n');
process.stdin.resume();
process.stdin.on('end', () => {
  for (const stream of streams) stream.destroy();
  latencies.sort((left, right) => left - right);
  const at = (p) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? null;
  process.stdout.write(
    `${JSON.stringify({ count: latencies.length, p50: at(50), p95: at(95), p99: at(99), max: latencies.at(-1) ?? null })}\n`,
  );
  process.exit(0);
});
