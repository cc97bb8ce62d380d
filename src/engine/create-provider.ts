import { claudeExecutable } from '../claude-code/claude-executable.js';
import type { Config } from '../config/index.js';
import type { Provider } from '../llm/index.js';
import {
  anthropicProvider,
  bedrockProvider,
  claudeCodeProvider,
  openAiProvider,
  simProvider,
  vertexProvider,
} from '../llm/index.js';
import type { ModelTable } from '../models/index.js';
import type { ProviderName } from './provider-choice.js';

export interface ProviderSettings {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where Claude Code works: the project. */
  readonly cwd: string;
  readonly openaiBaseUrl: string;
  /** Config `provider`: the clouds' regions, projects, endpoints and model ids. */
  readonly clouds: Config['provider'];
  /** The model table, for the clouds' model ids and prices (read only by bedrock and vertex). */
  readonly table: () => ModelTable;
  /** The agent's tools, allowed to Claude Code without asking. */
  readonly tools?: readonly string[];
}

/** The provider named `name`, configured from the environment and settings. */
export function createProvider(name: ProviderName, settings: ProviderSettings): Provider {
  switch (name) {
    case 'sim':
      return simProvider();
    case 'claude-code':
      return claudeCodeProvider({
        command: claudeExecutable(settings.env),
        env: settings.env,
        cwd: settings.cwd,
        allowedTools: settings.tools ?? [],
      });
    case 'openai':
      return openAiProvider({
        baseUrl: settings.openaiBaseUrl,
        apiKey: settings.env.OPENAI_API_KEY,
      });
    case 'anthropic':
      return anthropicProvider({ env: settings.env });
    case 'bedrock':
      return bedrockProvider({
        config: settings.clouds.bedrock,
        table: settings.table(),
        env: settings.env,
      });
    case 'vertex':
      return vertexProvider({
        config: settings.clouds.vertex,
        table: settings.table(),
        env: settings.env,
      });
  }
}
