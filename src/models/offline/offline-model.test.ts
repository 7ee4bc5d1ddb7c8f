import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../clock/clock.ts';
import { chooseSkillToolName, type ModelRequest, type ModelResponse } from '../model-types.ts';
import { estimateTokens } from '../token-estimate.ts';
import { createOfflineModel } from './offline-model.ts';
import { turnRequest } from './planner-test-kit.ts';

const options = () => ({ signal: new AbortController().signal });

function routeRequest(text: string, skills?: string[]): ModelRequest {
  return {
    purpose: 'route',
    system:
      'Choose a skill: order-status, order-confirmation, invoice-status, invoice-create, profile-update, catalog-enrichment.',
    messages: [{ role: 'user', content: [{ type: 'text', text }] }],
    tools: [
      {
        name: chooseSkillToolName,
        description: 'Choose the skill',
        inputSchema: {
          type: 'object',
          properties: { skill: skills ? { enum: [...skills, 'none'] } : { type: 'string' } },
        },
      },
    ],
    maxTokens: 1024,
  };
}

const texts = (response: ModelResponse) =>
  response.content.flatMap((block) => (block.type === 'text' ? [block.text] : []));

describe('createOfflineModel', () => {
  const model = createOfflineModel({ clock: createManualClock(new Date('2026-12-04T12:00:00Z')) });

  it('is the offline demo model', () => {
    expect(model.id).toBe('offline');
    expect(model.demo).toBe(true);
  });

  it('routes with one choose_skill call naming the skill and a labelled reason', async () => {
    const response = await model.converse(routeRequest('acknowledge PO NWC-PO-11001'), options());
    expect(response.stopReason).toBe('tool_use');
    expect(response.content).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_offline_1',
        name: chooseSkillToolName,
        input: {
          skill: 'order-confirmation',
          reason: expect.stringMatching(/^\[demo model\] The request mentions "acknowledge"/),
        },
      },
    ]);
    const none = await model.converse(routeRequest('what is the weather like?'), options());
    expect(none.content[0]).toMatchObject({ input: { skill: 'none' } });
  });

  it('routes only to the skills the request offers', async () => {
    const response = await model.converse(
      routeRequest('enrich the draft catalog', ['order-status']),
      options(),
    );
    expect(response.content[0]).toMatchObject({ input: { skill: 'none' } });
  });

  it('plans parallel tool calls with labelled text and numbered ids', async () => {
    const response = await model.converse(
      turnRequest('order-status', 'status of NWC-PO-11001 and NWC-PO-11002'),
      options(),
    );
    expect(response.stopReason).toBe('tool_use');
    expect(texts(response)).toEqual(['[demo model] Looking up NWC-PO-11001, NWC-PO-11002.']);
    expect(response.content.slice(1)).toEqual([
      {
        type: 'tool_use',
        id: 'toolu_offline_1',
        name: 'purchase_orders_show',
        input: { id: 'NWC-PO-11001' },
      },
      {
        type: 'tool_use',
        id: 'toolu_offline_2',
        name: 'purchase_orders_show',
        input: { id: 'NWC-PO-11002' },
      },
    ]);
    expect(response.model).toBe('offline-demo');
  });

  it('answers from the tool results with a labelled final answer, streamed once', async () => {
    const request = turnRequest('invoice-status', 'status of invoice NWC-INV-11035');
    const first = await model.converse(request, options());
    request.messages.push(
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            toolUseId: 'toolu_offline_1',
            content:
              '{"error":{"code":"not_found","message":"No results match your search criteria.","status":404}}',
            isError: true,
          },
        ],
      },
    );
    const deltas: string[] = [];
    const final = await model.converse(request, { ...options(), onTextDelta: (text) => deltas.push(text) });
    expect(final.stopReason).toBe('end_turn');
    expect(texts(final)).toEqual([
      '[demo model] NWC-INV-11035: not found: it does not exist or is not one of your records (not_found).',
    ]);
    expect(deltas).toEqual(texts(final));
  });

  it('numbers new tool ids after the ones already in the conversation', async () => {
    const request = turnRequest('order-status', 'status of NWC-PO-11002');
    request.messages.unshift(
      { role: 'user', content: [{ type: 'text', text: 'earlier' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_offline_1', name: 'x', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'toolu_offline_1', content: '{}' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'done' }] },
    );
    const response = await model.converse(request, options());
    expect(response.content[1]).toMatchObject({ id: 'toolu_offline_2' });
  });

  it('gives the same response to the same request, from any instance', async () => {
    const request = turnRequest('catalog-enrichment', 'enrich the draft catalog');
    const again = createOfflineModel({ clock: createManualClock(new Date('2026-12-04T12:00:00Z')) });
    expect(await model.converse(request, options())).toEqual(await again.converse(request, options()));
  });

  it('estimates tokens from characters, so budgets can be tested', async () => {
    const request = turnRequest('order-status', 'list my open orders');
    const response = await model.converse(request, options());
    expect(response.usage).toEqual({
      inputTokens: estimateTokens(
        JSON.stringify({ system: request.system, messages: request.messages, tools: request.tools }),
      ),
      outputTokens: estimateTokens(JSON.stringify(response.content)),
    });
    const longer = turnRequest('order-status', `list my open orders ${'please '.repeat(200)}`);
    expect((await model.converse(longer, options())).usage.inputTokens).toBeGreaterThan(
      response.usage.inputTokens + 300,
    );
  });

  it('cuts a final answer that exceeds maxTokens', async () => {
    const request = { ...turnRequest('profile-update', 'change our diversity categories'), maxTokens: 10 };
    const response = await model.converse(request, options());
    expect(response.stopReason).toBe('max_tokens');
    expect(texts(response)[0]!.length).toBeLessThanOrEqual(24);
    expect(texts(response)[0]).toMatch(/^\[demo model\] /);
  });

  it('says so when the skill does not offer the tool it needs', async () => {
    const response = await model.converse(
      turnRequest('invoice-status', 'status of invoice NWC-INV-11035', ['invoices_list']),
      options(),
    );
    expect(response.stopReason).toBe('end_turn');
    expect(texts(response)[0]).toBe(
      '[demo model] I would need the tool invoices_show for this, but this skill does not offer it, so I stopped.',
    );
  });

  it('answers a turn of a skill it has no plan for', async () => {
    const response = await model.converse(turnRequest('weather-report', 'rain?'), options());
    expect(texts(response)).toEqual([
      '[demo model] The demo model has no plan for the skill "weather-report".',
    ]);
  });

  it('rejects with the abort reason when the call is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted by the supplier'));
    await expect(
      model.converse(turnRequest('order-status', 'list'), { signal: controller.signal }),
    ).rejects.toThrow('interrupted by the supplier');
  });

  it('reads "overdue" against its clock', async () => {
    const later = createOfflineModel({ clock: createManualClock(new Date('2027-03-01T08:00:00Z')) });
    const response = await later.converse(
      turnRequest('invoice-status', 'which invoices are overdue?'),
      options(),
    );
    expect(response.content[1]).toMatchObject({
      input: { filters: expect.arrayContaining(['net-due-date[lt]=2027-03-01']) },
    });
  });
});
