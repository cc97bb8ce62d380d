// The cache-off throughput comparison of bench/engine.mjs, run as a process of its own:
// `node engine-throughput.mjs <bench bundle> <fake base URL>` prints one JSON line of per-round
// rates for the engine (runTask through the resilient client), a bare Anthropic SDK loop, and the
// same SDK loop over the engine's transport (keep-alive-fetch.ts): engine ÷ bare SDK is the
// target, engine ÷ SDK-over-the-same-transport what the engine's own work costs, and the two SDK
// loops' ratio what the transport gains.
import { createRequire } from 'node:module';
import { MODEL, request } from './engine-fixtures.mjs';

const [modulesFile, line] = process.argv.slice(2);
const { ResilientClient, anthropicProvider, keepAliveFetch, runTask } = await import(modulesFile);

const provider = anthropicProvider({ apiKey: 'bench-key', baseUrl: line });
const wide = new ResilientClient({ maxConcurrency: 50 });
const viaEngine = (index) =>
  runTask({ provider, client: wide, request: request(`t${index}`), model: MODEL });
// The SDK build the engine loads (CommonJS, through require), so both loops run the same code.
const { default: Anthropic } = createRequire(import.meta.url)('@anthropic-ai/sdk');
// The provider's own SDK settings, and the body it sends.
const sdkWith = (fetch) =>
  new Anthropic({
    apiKey: 'bench-key',
    baseURL: line,
    maxRetries: 0,
    timeout: 30 * 60_000,
    ...(fetch === undefined ? {} : { fetch }),
  });
const callVia = (sdk) => (index) =>
  sdk.messages.create({
    model: 'claude-sonnet-5-5',
    max_tokens: 64,
    system: [{ type: 'text', text: 'You are a terse engineer.' }],
    messages: [{ role: 'user', content: `t${index}` }],
  });
const viaSdk = callVia(sdkWith(undefined));
const viaSdkKeepAlive = callVia(sdkWith(keepAliveFetch()));
const concurrency = 50;
// Many short rounds: a burst of load from elsewhere then spoils a few pairs, not the median.
const calls = 200;
const rounds = 40;
// The engine is given every call at once (its semaphore holds 50 in flight); the bare loop
// keeps 50 workers busy. Both have 50 requests in flight throughout.
const engineRound = async () => {
  const start = performance.now();
  await Promise.all(Array.from({ length: calls }, (_, index) => viaEngine(index)));
  return calls / ((performance.now() - start) / 1000);
};
const loopRound = (via) => async () => {
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < calls) await via((next += 1));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return calls / ((performance.now() - start) / 1000);
};
const kinds = [engineRound, loopRound(viaSdk), loopRound(viaSdkKeepAlive)];
for (const kind of kinds) await kind(); // warm up each
const rates = kinds.map(() => []);
// Each round runs the three once, starting from a different one each round.
for (let round = 0; round < rounds; round += 1) {
  for (let step = 0; step < kinds.length; step += 1) {
    const which = (round + step) % kinds.length;
    rates[which].push(await kinds[which]());
  }
}
const [engineRates, sdkRates, keepAliveRates] = rates;
const ratioOf = (over, under) => over.map((rate, index) => rate / under[index]);
console.log(
  JSON.stringify({
    engineRates,
    sdkRates,
    ratios: ratioOf(engineRates, sdkRates),
    engineOwnRatios: ratioOf(engineRates, keepAliveRates),
    transportRatios: ratioOf(keepAliveRates, sdkRates),
    calls,
    rounds,
    concurrency,
  }),
);
