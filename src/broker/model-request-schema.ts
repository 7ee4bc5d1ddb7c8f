import { z } from 'zod';

const textBlock = z.strictObject({ type: z.literal('text'), text: z.string() });
const toolUseBlock = z.strictObject({
  type: z.literal('tool_use'),
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  input: z.record(z.string(), z.unknown()),
});
const toolResultBlock = z.strictObject({
  type: z.literal('tool_result'),
  toolUseId: z.string().min(1).max(200),
  content: z.string(),
  isError: z.boolean().optional(),
});

const message = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.array(z.discriminatedUnion('type', [textBlock, toolUseBlock, toolResultBlock])).min(1),
});

const tool = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
});

/**
 * The model request a cell may send (`POST /v1/model`): one step of its turn. The broker adds the
 * skill; routing calls are the host's, never the cell's.
 */
export const cellModelRequestSchema = z.strictObject({
  purpose: z.literal('turn'),
  system: z.string(),
  messages: z.array(message).min(1),
  tools: z.array(tool),
  maxTokens: z.number().int().positive().max(200_000),
});

export type CellModelRequest = z.infer<typeof cellModelRequestSchema>;
