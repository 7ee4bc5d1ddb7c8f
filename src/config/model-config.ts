import { AppError } from '../errors/index.ts';

/** A model selection (`SUPPLIER_AGENT_MODEL` or `--model`) with what its provider needs from the environment. */
export type ModelSettings =
  | { provider: 'offline' }
  | { provider: 'scripted'; path: string }
  | {
      provider: 'bedrock';
      modelId: string;
      /** `AWS_REGION` / `AWS_DEFAULT_REGION`; default us-east-1. */
      region: string;
      /** `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, for a private endpoint or a local test server. */
      endpoint?: string;
    }
  | { provider: 'anthropic'; model: string; apiKey: string; baseURL?: string }
  | { provider: 'openai'; model: string; apiKey: string; baseURL?: string };

export const modelSelectionHelp = 'offline, scripted:PATH, bedrock:MODEL_ID, anthropic:MODEL or openai:MODEL';

/**
 * Resolves a model selection string. Credentials come from the provider's usual variables
 * (`ANTHROPIC_API_KEY`, `OPENAI_API_KEY`; Bedrock uses the standard AWS credential chain).
 */
export function resolveModelSettings(
  selection: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ModelSettings {
  const value = (selection ?? env.SUPPLIER_AGENT_MODEL ?? 'offline').trim();
  if (value === 'offline') return { provider: 'offline' };
  const colon = value.indexOf(':');
  const provider = colon === -1 ? value : value.slice(0, colon);
  const rest = colon === -1 ? '' : value.slice(colon + 1).trim();
  const needsRest = (what: string) => {
    if (rest === '') {
      throw new AppError(
        'invalid_argument',
        `Model "${value}" names no ${what}: use ${provider}:${what.toUpperCase().replaceAll(' ', '_')}.`,
      );
    }
  };
  switch (provider) {
    case 'scripted':
      needsRest('path');
      return { provider: 'scripted', path: rest };
    case 'bedrock': {
      needsRest('model id');
      const endpoint = env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? env.AWS_ENDPOINT_URL;
      return {
        provider: 'bedrock',
        modelId: rest,
        region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
        ...(endpoint ? { endpoint } : {}),
      };
    }
    case 'anthropic':
    case 'openai': {
      needsRest('model');
      const keyName = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
      const baseName = provider === 'anthropic' ? 'ANTHROPIC_BASE_URL' : 'OPENAI_BASE_URL';
      const apiKey = env[keyName];
      const baseURL = env[baseName];
      // A local OpenAI-compatible server (vLLM, Ollama) often needs no key.
      if (!apiKey && !(provider === 'openai' && baseURL)) {
        throw new AppError('invalid_argument', `Model ${value} needs ${keyName} in the environment.`);
      }
      return { provider, model: rest, apiKey: apiKey ?? 'none', ...(baseURL ? { baseURL } : {}) };
    }
    default:
      throw new AppError('invalid_argument', `Unknown model "${value}": use ${modelSelectionHelp}.`);
  }
}
