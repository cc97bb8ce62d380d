/** The providers a run can use (the library's own copy: its declarations import no engine code). */
export type ProviderName = 'anthropic' | 'bedrock' | 'vertex' | 'claude-code' | 'openai' | 'sim';
