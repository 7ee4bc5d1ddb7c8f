import {
  type ConverseOptions,
  chooseSkillToolName,
  type ModelAdapter,
  type ModelRequest,
  type ModelResponse,
  type TextBlock,
  type ToolUseBlock,
} from '../model-types.ts';
import { parseToolInput } from '../providers/tool-input.ts';
import { estimateTokens } from '../token-estimate.ts';
import type { Script, ScriptEntry } from './script-file.ts';

export interface ScriptedModelOptions {
  script: Script;
  /** Shown as the model's id; default `scripted`. */
  id?: string;
}

/** The scripted model with its position, so tests can see how far a run got. */
export interface ScriptedModel extends ModelAdapter {
  /** Entries consumed so far. */
  readonly consumed: number;
}

/**
 * Replays a script: each call takes the next entry. A routing call answers `choose_skill` with the
 * entry's `skill`; a turn call answers the entry's text and tool calls (whatever they name: a script
 * may be an adversary). Once the script runs out, every call answers an empty final message.
 */
export function createScriptedModel(options: ScriptedModelOptions): ScriptedModel {
  const entries = options.script.turns;
  let next = 0;
  let toolIds = 0;
  return {
    id: options.id ?? 'scripted',
    demo: false,
    get consumed() {
      return next;
    },
    async converse(request: ModelRequest, call: ConverseOptions): Promise<ModelResponse> {
      call.signal.throwIfAborted();
      let entry: ScriptEntry;
      if (options.script.mode === 'per-turn') {
        entry = entries[request.purpose === 'route' ? 0 : stepOfTurn(request)] ?? {};
      } else {
        entry = entries[next] ?? {};
        if (next < entries.length) next += 1;
      }
      if (entry.delayMs) await sleep(entry.delayMs, call.signal);
      const content: Array<TextBlock | ToolUseBlock> = [];
      if (request.purpose === 'route') {
        content.push({
          type: 'tool_use',
          id: `toolu_scripted_${++toolIds}`,
          name: chooseSkillToolName,
          input: { skill: entry.skill ?? 'none', reason: entry.text ?? '' },
        });
      } else {
        const text = entry.text ?? '';
        if (text !== '') {
          streamText(text, entry.streamChunk, call);
          content.push({ type: 'text', text });
        }
        for (const toolCall of entry.toolCalls ?? []) {
          const id = `toolu_scripted_${++toolIds}`;
          // As a provider adapter does: input that is not an object fails the call.
          const input = parseToolInput(
            'scripted',
            { id, name: toolCall.name },
            JSON.stringify(toolCall.input ?? {}),
          );
          content.push({ type: 'tool_use', id, name: toolCall.name, input });
        }
      }
      const usesTools = content.some((block) => block.type === 'tool_use');
      return {
        content,
        stopReason: usesTools ? 'tool_use' : 'end_turn',
        usage: entry.usage ?? {
          inputTokens: estimateTokens(JSON.stringify(request)),
          outputTokens: estimateTokens(JSON.stringify(content)),
        },
        model: options.id ?? 'scripted',
      };
    },
  };
}

/** How many model answers this turn already has: the assistant messages after the supplier's last text. */
function stepOfTurn(request: ModelRequest): number {
  let step = 0;
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    const message = request.messages[index];
    if (message?.role === 'user' && message.content.some((block) => block.type === 'text')) break;
    if (message?.role === 'assistant') step += 1;
  }
  return step;
}

function streamText(text: string, chunk: number | undefined, call: ConverseOptions): void {
  if (!call.onTextDelta) return;
  const size = chunk ?? text.length;
  for (let at = 0; at < text.length; at += size) call.onTextDelta(text.slice(at, at + size));
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
