import {
  chooseSkillToolName,
  type ModelAdapter,
  type ModelMessage,
  type ModelResponse,
  type ToolResultBlock,
  type ToolUseBlock,
} from '../../../src/models/model-types.ts';
import { runCsp } from '../../../src/tools/csp/index.ts';
import { findTool, toolArgv, validateToolInput } from '../../../src/tools/manifest/index.ts';
import { skillToolNames, skillTools } from './skill-tools.ts';

/**
 * A test driver for a model's tool-use loop against a real CSP API: not the product's agent loop,
 * just enough of it to run a turn end to end in process (validate, build argv, run `csp`, feed the
 * result back) until the model ends the turn.
 */
export interface DriveOptions {
  model: ModelAdapter;
  apiUrl: string;
  token: string;
  skill: string;
  text: string;
  /** Earlier turns (user text / assistant text pairs). */
  history?: ModelMessage[];
  /** Stops a runaway loop; default 40 model calls. */
  maxSteps?: number;
}

export interface ExecutedToolCall {
  name: string;
  input: Record<string, unknown>;
  isError: boolean;
  content: string;
}

export interface DrivenTurn {
  answer: string;
  responses: ModelResponse[];
  toolCalls: ExecutedToolCall[];
  messages: ModelMessage[];
}

export async function driveTurn(options: DriveOptions): Promise<DrivenTurn> {
  const tools = skillTools(options.skill);
  const messages: ModelMessage[] = [
    ...(options.history ?? []),
    { role: 'user', content: [{ type: 'text', text: options.text }] },
  ];
  const responses: ModelResponse[] = [];
  const toolCalls: ExecutedToolCall[] = [];
  for (let step = 0; step < (options.maxSteps ?? 40); step += 1) {
    const response = await options.model.converse(
      {
        purpose: 'turn',
        skill: options.skill,
        system: `Skill ${options.skill}.`,
        messages,
        tools,
        maxTokens: 4096,
      },
      { signal: new AbortController().signal },
    );
    responses.push(response);
    messages.push({ role: 'assistant', content: response.content });
    const uses = response.content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
    if (response.stopReason !== 'tool_use' || uses.length === 0) {
      const answer = response.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      return { answer, responses, toolCalls, messages };
    }
    const results: ToolResultBlock[] = [];
    for (const use of uses) {
      const result = await runTool(use, options);
      toolCalls.push({
        name: use.name,
        input: use.input,
        isError: result.isError === true,
        content: result.content,
      });
      results.push(result);
    }
    messages.push({ role: 'user', content: results });
  }
  throw new Error(`the model did not end the turn within ${options.maxSteps ?? 40} steps`);
}

const errorContent = (code: string, message: string, status?: number) =>
  JSON.stringify({ error: { code, message, ...(status === undefined ? {} : { status }) } });

async function runTool(use: ToolUseBlock, options: DriveOptions): Promise<ToolResultBlock> {
  const fail = (content: string): ToolResultBlock => ({
    type: 'tool_result',
    toolUseId: use.id,
    content,
    isError: true,
  });
  const tool = findTool(use.name);
  if (!tool) return fail(errorContent('unknown_tool', `no tool named ${use.name}`));
  const validation = validateToolInput(tool, use.input);
  if (!validation.ok) {
    const message = Object.entries(validation.errors)
      .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
      .join('; ');
    return fail(errorContent('invalid_argument', message));
  }
  const argv = toolArgv(tool, validation.data);
  const result = await runCsp(['--api-url', options.apiUrl, '--token', options.token, ...argv]);
  if (result.exitCode === 0) return { type: 'tool_result', toolUseId: use.id, content: result.stdout };
  return fail(cspErrorContent(result.stderr));
}

/** The `csp` error line `{status, code, errors}` as the `{"error": {...}}` object tools return. */
function cspErrorContent(stderr: string): string {
  try {
    const report = JSON.parse(stderr) as { status?: number; code?: string; errors?: Record<string, unknown> };
    const message = Object.entries(report.errors ?? {})
      .map(([field, messages]) => `${field === 'base' ? '' : `${field}: `}${[messages].flat().join(', ')}`)
      .join('; ');
    return errorContent(report.code ?? 'tool_error', message, report.status);
  } catch {
    return errorContent('tool_error', stderr.trim());
  }
}

/** Asks the model to route a request, as the real loop does; returns the chosen skill and reason. */
export async function routeWith(
  model: ModelAdapter,
  text: string,
): Promise<{ skill: string; reason: string }> {
  const skills = Object.keys(skillToolNames);
  const response = await model.converse(
    {
      purpose: 'route',
      system: `Choose the skill for the supplier's request.\n${skills.map((skill) => `- ${skill}`).join('\n')}`,
      messages: [{ role: 'user', content: [{ type: 'text', text }] }],
      tools: [
        {
          name: chooseSkillToolName,
          description: 'Choose the skill.',
          inputSchema: {
            type: 'object',
            properties: { skill: { type: 'string', enum: [...skills, 'none'] }, reason: { type: 'string' } },
            required: ['skill', 'reason'],
          },
        },
      ],
      maxTokens: 1024,
    },
    { signal: new AbortController().signal },
  );
  const use = response.content.find((block): block is ToolUseBlock => block.type === 'tool_use');
  if (!use) throw new Error('the model did not choose a skill');
  return use.input as { skill: string; reason: string };
}
