import { claudeExecutable } from '../claude-code/claude-executable.js';
import type { Provider } from '../llm/index.js';
import {
  anthropicProvider,
  claudeCodeProvider,
  openAiProvider,
  simProvider,
} from '../llm/index.js';
import type { ProviderName } from './provider-choice.js';

export interface ProviderSettings {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where Claude Code works: the project. */
  readonly cwd: string;
  readonly openaiBaseUrl: string;
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
  }
}
