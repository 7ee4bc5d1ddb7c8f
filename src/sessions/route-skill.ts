import type { AuditLog } from '../audit/event-types.ts';
import {
  chooseSkillToolName,
  type ModelAdapter,
  type ModelMessage,
  type ModelRequest,
} from '../models/model-types.ts';
import type { Skill } from '../skills/index.ts';
import { recordedModelCall } from './model-exchange.ts';

export type RouteDecision = { skill: Skill; reason: string } | { skill: undefined; reason: string };

/** The routing prompt: every skill's name, description and examples. */
export function routingRequest(
  skills: readonly Skill[],
  conversation: ModelMessage[],
  message: string,
): ModelRequest {
  const catalogue = skills
    .map((skill) => {
      const examples =
        skill.examples.length > 0
          ? `\n  e.g. ${skill.examples.map((example) => JSON.stringify(example)).join('; ')}`
          : '';
      return `- ${skill.name}: ${skill.description}${examples}`;
    })
    .join('\n');
  return {
    purpose: 'route',
    system: [
      "You route a supplier's request on the Coupa Supplier Portal to the one skill that handles it.",
      `Call ${chooseSkillToolName} once. Choose "none" when no skill covers the request (questions`,
      "about other suppliers, anything outside the supplier's own orders, invoices, profile and catalogs).",
      '',
      'Skills:',
      catalogue,
    ].join('\n'),
    messages: [...conversation, { role: 'user', content: [{ type: 'text', text: message }] }],
    tools: [
      {
        name: chooseSkillToolName,
        description: "Choose the skill that handles the supplier's latest request, and say why.",
        inputSchema: {
          type: 'object',
          properties: {
            skill: { type: 'string', enum: [...skills.map((skill) => skill.name), 'none'] },
            reason: { type: 'string', description: 'One sentence: why this skill (or none).' },
          },
          required: ['skill', 'reason'],
          additionalProperties: false,
        },
      },
    ],
    maxTokens: 512,
  };
}

/**
 * Picks the turn's skill with a model call over the skills' names and descriptions (on the host:
 * the skill decides what the cell may reach, so the cell does not choose it). An answer that names
 * no installed skill counts as "none": a request no skill covers gets a refusal, never a guess.
 */
export async function routeSkill(options: {
  audit: AuditLog;
  sessionId: string;
  model: ModelAdapter;
  skills: readonly Skill[];
  conversation: ModelMessage[];
  message: string;
  signal: AbortSignal;
}): Promise<RouteDecision> {
  const response = await recordedModelCall({
    audit: options.audit,
    sessionId: options.sessionId,
    model: options.model,
    request: routingRequest(options.skills, options.conversation, options.message),
    signal: options.signal,
  });
  const choice = response.content.find(
    (block) => block.type === 'tool_use' && block.name === chooseSkillToolName,
  );
  const input = choice?.type === 'tool_use' ? choice.input : {};
  const name = typeof input.skill === 'string' ? input.skill : 'none';
  const reason = typeof input.reason === 'string' ? input.reason : '';
  const skill = options.skills.find((candidate) => candidate.name === name);
  if (!skill) {
    const text = response.content
      .map((block) => (block.type === 'text' ? block.text : ''))
      .join('')
      .trim();
    return { skill: undefined, reason: reason || text || `no skill covers this request (${name})` };
  }
  return { skill, reason };
}
