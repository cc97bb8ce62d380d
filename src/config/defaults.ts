import { CONFIG_FORMAT_VERSION } from './config-keys.js';

/** The effective configuration: every key present. */
export interface Config {
  readonly version: number;
  readonly agents: {
    readonly bundled: boolean;
    readonly paths: readonly string[];
    readonly cache: boolean;
    readonly deployTarget: string;
  };
  readonly store: { readonly busyTimeoutMs: number; readonly url: string };
  readonly queue: {
    readonly url: string;
    readonly requestsPerSecond: number;
    readonly concurrency: number;
  };
  readonly events: { readonly batchSize: number; readonly flushIntervalMs: number };
  readonly routing: {
    readonly defaultAgent: string;
    readonly threshold: number;
    readonly generalist: string;
    readonly rerank: boolean;
    readonly embeddingsUrl: string;
    readonly embeddingsModel: string;
    readonly rerankWeight: number;
    readonly llm: 'off' | 'auto';
  };
  readonly models: { readonly table: string; readonly agents: Readonly<Record<string, string>> };
  readonly cache: {
    readonly enabled: boolean;
    readonly ttlSeconds: number;
    readonly maxMegabytes: number;
  };
  readonly engine: {
    readonly provider:
      'auto' | 'anthropic' | 'bedrock' | 'vertex' | 'claude-code' | 'openai' | 'sim';
    readonly openaiBaseUrl: string;
    readonly maxConcurrency: number;
    readonly maxAttempts: number;
    readonly attemptTimeoutMs: number;
    readonly deadlineMs: number;
    readonly maxOutputTokens: number;
    readonly remoteTokenCount: boolean;
  };
  /** Settings of the cloud providers; empty strings fall back to each cloud's variables. */
  readonly provider: {
    readonly bedrock: {
      readonly region: string;
      readonly profile: string;
      readonly baseUrl: string;
      /** Bedrock model id per tier (haiku, sonnet, opus). */
      readonly models: Readonly<Record<string, string>>;
    };
    readonly vertex: {
      readonly region: string;
      readonly projectId: string;
      readonly baseUrl: string;
      /** Vertex AI model id per tier (haiku, sonnet, opus). */
      readonly models: Readonly<Record<string, string>>;
    };
  };
  readonly memory: {
    readonly enabled: boolean;
    readonly recallTokens: number;
    readonly maxKilobytes: number;
  };
  readonly daemon: { readonly port: number };
  readonly hooks: {
    readonly denyBash: readonly string[];
    readonly onBadPolicy: 'keep-last' | 'deny';
  };
  readonly telemetry: { readonly otlpEndpoint: string };
  readonly ui: { readonly color: 'auto' | 'always' | 'never' };
}

/** A partial config as one layer (file, env or flags) supplies it. */
export type ConfigLayer = {
  -readonly [Key in keyof Config]?: Config[Key] extends
    readonly unknown[] | string | number | boolean
    ? Config[Key]
    : { -readonly [Inner in keyof Config[Key]]?: Config[Key][Inner] };
};

export const DEFAULT_CONFIG: Config = {
  version: CONFIG_FORMAT_VERSION,
  agents: { bundled: true, paths: [], cache: true, deployTarget: '.claude/agents' },
  store: { busyTimeoutMs: 5000, url: '' },
  queue: { url: '', requestsPerSecond: 0, concurrency: 2 },
  events: { batchSize: 256, flushIntervalMs: 50 },
  routing: {
    defaultAgent: 'pm',
    threshold: 0.1,
    generalist: 'engineer',
    rerank: false,
    embeddingsUrl: 'http://127.0.0.1:11434/v1',
    embeddingsModel: 'nomic-embed-text',
    rerankWeight: 0.5,
    llm: 'off',
  },
  models: { table: 'bundled', agents: {} },
  cache: { enabled: true, ttlSeconds: 86_400, maxMegabytes: 256 },
  memory: { enabled: true, recallTokens: 800, maxKilobytes: 80 },
  daemon: { port: 47_632 },
  hooks: { denyBash: [], onBadPolicy: 'keep-last' },
  engine: {
    provider: 'auto',
    openaiBaseUrl: 'http://127.0.0.1:11434/v1',
    maxConcurrency: 8,
    maxAttempts: 5,
    attemptTimeoutMs: 120_000,
    deadlineMs: 600_000,
    maxOutputTokens: 8_192,
    remoteTokenCount: false,
  },
  provider: {
    bedrock: { region: '', profile: '', baseUrl: '', models: {} },
    vertex: { region: '', projectId: '', baseUrl: '', models: {} },
  },
  telemetry: { otlpEndpoint: '' },
  ui: { color: 'auto' },
};
