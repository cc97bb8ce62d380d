// The engine's overhead per call on the bedrock and vertex providers, against their loopback
// fakes (test/support/fake-cloud): each call through runTask and the resilient client is paired
// with a bare cloud-SDK call on the same fake made just before or after it (order alternating),
// and the overhead is the median of the pairs' differences, so the HTTP round trip, the
// signing and the fake's own work cancel out. `node bench/engine-clouds.mjs` runs it alone.
import { bundleForBench } from './bundle.mjs';
import { MODEL, request } from './engine-fixtures.mjs';
import { median, percentile } from './harness.mjs';

const CALLS = 1_500;
const WARM_UP = 300;

async function loadModules() {
  const file = bundleForBench(
    'engine-clouds',
    [
      "export { runTask } from './src/engine/run-task.ts';",
      "export { ResilientClient } from './src/resilience/index.ts';",
      "export { bedrockProvider, vertexProvider } from './src/llm/index.ts';",
      "export { bundledModelTable } from './src/models/index.ts';",
      "export { startFakeBedrock, startFakeVertex } from './test/support/fake-cloud.ts';",
    ].join(' '),
    [
      '@anthropic-ai/sdk',
      '@anthropic-ai/bedrock-sdk',
      '@anthropic-ai/vertex-sdk',
      'better-sqlite3',
      'vitest',
    ],
  );
  return import(file);
}

/** The cloud SDK clients a user would write by hand, pointed at the fake. */
async function bareClients(fake, cloud) {
  if (cloud === 'bedrock') {
    const { AnthropicBedrock } = await import('@anthropic-ai/bedrock-sdk');
    return new AnthropicBedrock({
      awsRegion: 'us-west-2',
      baseURL: fake.baseUrl,
      awsAccessKey: 'AKIABENCHKEY00000001',
      awsSecretKey: 'bench-secret',
      maxRetries: 0,
    });
  }
  const { AnthropicVertex } = await import('@anthropic-ai/vertex-sdk');
  return new AnthropicVertex({
    region: 'global',
    projectId: 'bench',
    baseURL: `${fake.baseUrl}/v1`,
    authClient: {
      projectId: null,
      getRequestHeaders: async () =>
        new globalThis.Headers({ authorization: 'Bearer bench-token' }),
    },
    maxRetries: 0,
  });
}

export async function engineClouds() {
  const modules = await loadModules();
  const { ResilientClient, runTask, bundledModelTable } = modules;
  const table = bundledModelTable();
  const results = [];
  for (const cloud of ['bedrock', 'vertex']) {
    const fake =
      cloud === 'bedrock' ? await modules.startFakeBedrock() : await modules.startFakeVertex();
    try {
      const provider =
        cloud === 'bedrock'
          ? modules.bedrockProvider({
              table,
              config: { region: 'us-west-2', profile: '', baseUrl: fake.baseUrl, models: {} },
              env: {
                AWS_ACCESS_KEY_ID: 'AKIABENCHKEY00000001',
                AWS_SECRET_ACCESS_KEY: 'bench-secret',
              },
            })
          : modules.vertexProvider({
              table,
              config: {
                region: 'global',
                projectId: 'bench',
                baseUrl: `${fake.baseUrl}/v1`,
                models: {},
              },
              env: {},
              accessToken: 'bench-token',
            });
      const bare = await bareClients(fake, cloud);
      const cloudModel = table.clouds[cloud].models[request('x').model];
      const client = new ResilientClient({ maxConcurrency: 1 });
      const engineCall = (index) =>
        runTask({ provider, client, request: request(`task ${index}`), model: MODEL });
      const bareCall = (index) =>
        bare.messages.create({
          model: cloudModel,
          max_tokens: 64,
          system: [{ type: 'text', text: 'You are a terse engineer.' }],
          messages: [{ role: 'user', content: `task ${index}` }],
        });
      const time = async (call, index) => {
        const start = process.hrtime.bigint();
        await call(index);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      const differences = [];
      const engineTimes = [];
      const bareTimes = [];
      for (let index = 0; index < CALLS; index += 1) {
        const engineFirst = index % 2 === 0;
        const first = await time(engineFirst ? engineCall : bareCall, index);
        const second = await time(engineFirst ? bareCall : engineCall, index);
        const [engineMs, bareMs] = engineFirst ? [first, second] : [second, first];
        if (index < WARM_UP) continue;
        engineTimes.push(engineMs);
        bareTimes.push(bareMs);
        differences.push(engineMs - bareMs);
      }
      const overhead = median(differences);
      results.push({
        name: `engine.overhead.${cloud}.p50`,
        value: overhead,
        unit: 'ms',
        p95: percentile(differences, 95),
        engineCall: median(engineTimes),
        bareSdkCall: median(bareTimes),
        calls: CALLS - WARM_UP,
        target: '<= 1 ms',
        pass: overhead <= 1,
      });
    } finally {
      await fake.close();
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./harness.mjs');
  const results = await engineClouds();
  printTable(results);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
