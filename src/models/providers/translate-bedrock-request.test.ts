import { describe, expect, it } from 'vitest';
import type { ModelRequest } from '../model-types.ts';
import {
  emptyToolResultText,
  toConverseMessages,
  toConverseStreamInput,
} from './translate-bedrock-request.ts';

const baseRequest: ModelRequest = {
  purpose: 'turn',
  system: 'House rules.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
  tools: [],
  maxTokens: 512,
};

describe('toConverseStreamInput', () => {
  it('sends the system prompt, the output limit and the tools as tool specs', () => {
    const input = toConverseStreamInput('model-1', {
      ...baseRequest,
      tools: [{ name: 'profile_show', description: 'Show the profile.', inputSchema: { type: 'object' } }],
    });

    expect(input).toEqual({
      modelId: 'model-1',
      system: [{ text: 'House rules.' }],
      messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
      inferenceConfig: { maxTokens: 512 },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'profile_show',
              description: 'Show the profile.',
              inputSchema: { json: { type: 'object' } },
            },
          },
        ],
      },
    });
  });

  it('leaves out a blank system prompt and an empty tool list, which Converse rejects', () => {
    const input = toConverseStreamInput('model-1', { ...baseRequest, system: '  ' });

    expect(input).not.toHaveProperty('system');
    expect(input).not.toHaveProperty('toolConfig');
  });
});

describe('toConverseMessages', () => {
  it('translates tool calls and results, marking failed results with status error', () => {
    const messages = toConverseMessages([
      { role: 'user', content: [{ type: 'text', text: 'Confirm PO 7' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 't1', name: 'purchase_orders_confirm', input: { id: 7, action: 'accept' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolUseId: 't1', content: '{"error":{"code":"conflict"}}', isError: true },
        ],
      },
    ]);

    expect(messages[1]).toEqual({
      role: 'assistant',
      content: [
        { toolUse: { toolUseId: 't1', name: 'purchase_orders_confirm', input: { id: 7, action: 'accept' } } },
      ],
    });
    expect(messages[2]).toEqual({
      role: 'user',
      content: [
        {
          toolResult: {
            toolUseId: 't1',
            content: [{ text: '{"error":{"code":"conflict"}}' }],
            status: 'error',
          },
        },
      ],
    });
  });

  it('sends a successful result without a status', () => {
    const [message] = toConverseMessages([
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: '[]' }] },
    ]);

    expect(message?.content?.[0]).toEqual({ toolResult: { toolUseId: 't1', content: [{ text: '[]' }] } });
  });

  it('merges consecutive messages of one role, putting tool results first in a user message', () => {
    const messages = toConverseMessages([
      { role: 'user', content: [{ type: 'text', text: 'first' }] },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'profile_show', input: {} }] },
      { role: 'user', content: [{ type: 'text', text: 'note' }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: '{}' }] },
    ]);

    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]?.content).toEqual([{ text: 'first' }, { text: 'second' }]);
    expect(messages[2]?.content).toEqual([
      { toolResult: { toolUseId: 't1', content: [{ text: '{}' }] } },
      { text: 'note' },
    ]);
  });

  it('drops blank text and the messages it leaves empty, then merges the neighbours', () => {
    const messages = toConverseMessages([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: '' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Anyone?' },
          { type: 'text', text: ' \n' },
        ],
      },
    ]);

    expect(messages).toEqual([{ role: 'user', content: [{ text: 'Hi' }, { text: 'Anyone?' }] }]);
  });

  it('keeps assistant blocks in their order and fills an empty tool result', () => {
    const messages = toConverseMessages([
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 't1', name: 'profile_show', input: {} },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: '' }] },
    ]);

    expect(messages[1]?.content?.map((block) => Object.keys(block)[0])).toEqual(['text', 'toolUse']);
    expect(messages[2]?.content).toEqual([
      { toolResult: { toolUseId: 't1', content: [{ text: emptyToolResultText }] } },
    ]);
  });
});
