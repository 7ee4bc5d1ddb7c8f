import { describe, expect, it } from 'vitest';
import type { ModelMessage, ModelRequest } from '../model-types.ts';
import { parseScript } from './script-file.ts';
import { createScriptedModel } from './scripted-model.ts';

const signal = new AbortController().signal;
const turnRequest = (messages: ModelMessage[]): ModelRequest => ({
  purpose: 'turn',
  system: '',
  messages,
  tools: [],
  maxTokens: 100,
});
const user = (text: string): ModelMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const toolRound = (id: string): ModelMessage[] => [
  { role: 'assistant', content: [{ type: 'tool_use', id, name: 'purchase_orders_list', input: {} }] },
  { role: 'user', content: [{ type: 'tool_result', toolUseId: id, content: '[]' }] },
];

describe('the scripted model', () => {
  const turns = [{ toolCalls: [{ name: 'purchase_orders_list', input: {} }] }, { text: 'second step' }];

  it('takes the next entry on every call in sequence mode, then answers empty', async () => {
    const model = createScriptedModel({ script: parseScript({ turns }, 'test') });
    const first = await model.converse(turnRequest([user('a')]), { signal });
    expect(first.stopReason).toBe('tool_use');
    expect((await model.converse(turnRequest([user('b')]), { signal })).content).toEqual([
      { type: 'text', text: 'second step' },
    ]);
    expect((await model.converse(turnRequest([user('c')]), { signal })).content).toEqual([]);
  });

  it('replays the script in every turn in per-turn mode, by the step of the turn', async () => {
    const model = createScriptedModel({ script: parseScript({ mode: 'per-turn', turns }, 'test') });
    for (const session of ['one', 'two']) {
      const first = await model.converse(
        turnRequest([
          user('earlier'),
          { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
          user(session),
        ]),
        { signal },
      );
      expect(first.stopReason).toBe('tool_use');
      const second = await model.converse(turnRequest([user(session), ...toolRound('t1')]), { signal });
      expect(second.content).toEqual([{ type: 'text', text: 'second step' }]);
    }
  });

  it('fails a tool call whose input is not an object, as a provider does', async () => {
    const model = createScriptedModel({
      script: parseScript({ turns: [{ toolCalls: [{ name: 'x', input: [1] }] }] }, 'test'),
    });
    await expect(model.converse(turnRequest([user('a')]), { signal })).rejects.toMatchObject({
      code: 'model_failed',
    });
  });

  it('names the wrong field of a bad script', () => {
    expect(() => parseScript({ turns: [{ toolCalls: [{ input: {} }] }] }, 'bad.json')).toThrow(
      /turns\[0\]\.toolCalls\[0\]\.name/,
    );
  });
});
