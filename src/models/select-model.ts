import type { ModelSettings } from '../config/model-config.ts';
import type { ModelAdapter } from './model-types.ts';
import { createOfflineModel } from './offline/offline-model.ts';
import { createAnthropicAdapter } from './providers/anthropic-adapter.ts';
import { createBedrockAdapter } from './providers/bedrock-adapter.ts';
import { createOpenAiAdapter } from './providers/openai-adapter.ts';
import { readScriptFile } from './scripted/script-file.ts';
import { createScriptedModel } from './scripted/scripted-model.ts';

/** The adapter for a resolved model selection. */
export function createModelAdapter(settings: ModelSettings): ModelAdapter {
  switch (settings.provider) {
    case 'offline':
      return createOfflineModel();
    case 'scripted':
      return createScriptedModel({ script: readScriptFile(settings.path), id: `scripted:${settings.path}` });
    case 'bedrock':
      return createBedrockAdapter({
        modelId: settings.modelId,
        region: settings.region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      });
    case 'anthropic':
      return createAnthropicAdapter({
        model: settings.model,
        apiKey: settings.apiKey,
        ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
      });
    case 'openai':
      return createOpenAiAdapter({
        model: settings.model,
        apiKey: settings.apiKey,
        ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
      });
  }
}
