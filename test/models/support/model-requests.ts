import type { ModelRequest, ModelTool } from '../../../src/models/model-types.ts';

const purchaseOrdersList: ModelTool = {
  name: 'purchase_orders_list',
  description: 'List purchase orders of the supplier, newest first.',
  inputSchema: {
    type: 'object',
    properties: {
      status: { type: 'string', enum: ['issued', 'acknowledged', 'confirmed', 'cancelled'] },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
    },
    additionalProperties: false,
  },
};

const purchaseOrdersShow: ModelTool = {
  name: 'purchase_orders_show',
  description: 'Show one purchase order with its lines.',
  inputSchema: {
    type: 'object',
    properties: { id: { type: 'string', description: 'The purchase order number, like PO-1001.' } },
    required: ['id'],
    additionalProperties: false,
  },
};

/**
 * A turn in the middle of its tool-use loop: an earlier answer, one tool that succeeded, one that
 * failed (`isError`), and the supplier's follow-up in the same message as the last result.
 */
export const turnRequest: ModelRequest = {
  purpose: 'turn',
  skill: 'order-status',
  system: 'You answer suppliers about their purchase orders.\nUse the tools; never invent an order number.',
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'Which orders are still open?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me look them up.' },
        {
          type: 'tool_use',
          id: 'toolu_01A',
          name: 'purchase_orders_list',
          input: { status: 'issued', limit: 10 },
        },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          toolUseId: 'toolu_01A',
          content: '{"data":[{"id":"PO-1001","status":"issued","total":"1250.00"}],"next_cursor":null}',
        },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'tool_use', id: 'toolu_01B', name: 'purchase_orders_show', input: { id: 'PO-9999' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          toolUseId: 'toolu_01B',
          content:
            '{"error":{"code":"not_found","message":"Purchase order PO-9999 was not found.","status":404}}',
          isError: true,
        },
        { type: 'text', text: 'Sorry, I meant PO-1001.' },
      ],
    },
  ],
  tools: [purchaseOrdersList, purchaseOrdersShow],
  maxTokens: 1024,
};

/** A routing call: one tool, `choose_skill`, which the adapters force. */
export const routeRequest: ModelRequest = {
  purpose: 'route',
  system:
    "Choose the skill for the supplier's request.\n- order-status: where orders stand\n- invoice-status: where invoices stand",
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Has invoice INV-2041 been paid?' }] }],
  tools: [
    {
      name: 'choose_skill',
      description: 'Name the skill that handles the request, or "none".',
      inputSchema: {
        type: 'object',
        properties: {
          skill: { type: 'string', enum: ['order-status', 'invoice-status', 'none'] },
          reason: { type: 'string' },
        },
        required: ['skill', 'reason'],
      },
    },
  ],
  maxTokens: 256,
};
