import { performance } from 'node:perf_hooks';
import { brokerSocketVariable, toolUseVariable } from '../../config/csp-client-config.ts';
import type { ToolResultBlock, ToolUseBlock } from '../../models/model-types.ts';
import { runCsp } from '../../tools/csp/index.ts';
import { toolArgv, validateToolInput } from '../../tools/manifest/index.ts';
import type { ToolDefinition } from '../../tools/manifest/tool-types.ts';
import type { BrokerClient } from './broker-client.ts';
import { loopError, toolResultContent } from './tool-result-content.ts';

/** Largest tool input the loop accepts, as JSON. */
export const maxToolInputBytes = 64 * 1024;
/** Output kept per stream in the `tool-result` event (the model gets all of stdout). */
export const maxRecordedOutputBytes = 256 * 1024;

export interface ToolRunnerOptions {
  client: BrokerClient;
  /** The tools offered to the model this turn: nothing else runs. */
  offered: ReadonlyMap<string, ToolDefinition>;
  /** The broker socket the tool reaches the API through. */
  brokerSocket: string;
}

/**
 * Runs one tool call of the model: first layer of the skill's allowlist (a tool that was not
 * offered does not run), schema validation, then the built-in `csp` in this process through the
 * same argv-in, JSON-out contract as the command. Every call is reported (`tool-call`, counted by
 * the broker against the budget) before it runs, and its outcome after (`tool-result`).
 * A refusal by the broker's budget propagates: the turn is over.
 */
export async function runToolCall(options: ToolRunnerOptions, use: ToolUseBlock): Promise<ToolResultBlock> {
  const { client } = options;
  const refuse = async (refused: string, content: string, extra: Record<string, unknown> = {}) => {
    await client.event('tool-call', {
      toolUseId: use.id,
      tool: use.name,
      input: use.input,
      refused,
      ...extra,
    });
    return { type: 'tool_result' as const, toolUseId: use.id, content, isError: true };
  };
  const tool = options.offered.get(use.name);
  if (!tool) {
    const available = [...options.offered.keys()].join(', ');
    return refuse(
      'tool_not_allowed',
      loopError(
        'tool_not_allowed',
        `The tool ${use.name} is not available in this skill. Available: ${available}.`,
      ),
    );
  }
  if (Buffer.byteLength(JSON.stringify(use.input ?? {})) > maxToolInputBytes) {
    return refuse(
      'input_too_large',
      loopError('input_too_large', `The input of ${use.name} is larger than ${maxToolInputBytes} bytes.`),
    );
  }
  const validation = validateToolInput(tool, use.input);
  if (!validation.ok) {
    return refuse(
      'invalid_input',
      loopError('invalid_argument', `Invalid input for ${use.name}.`, { fields: validation.errors }),
      { errors: validation.errors },
    );
  }
  const argv = toolArgv(tool, validation.data);
  await client.event('tool-call', { toolUseId: use.id, tool: tool.name, input: validation.data, argv });
  const started = performance.now();
  const result = await runCsp(argv, {
    env: { [brokerSocketVariable]: options.brokerSocket, [toolUseVariable]: use.id },
  });
  const durationMs = Math.round((performance.now() - started) * 100) / 100;
  await client.event('tool-result', {
    toolUseId: use.id,
    tool: tool.name,
    exitCode: result.exitCode,
    durationMs,
    stdout: clip(result.stdout),
    stderr: clip(result.stderr),
    ...(Buffer.byteLength(result.stdout) > maxRecordedOutputBytes
      ? { stdoutBytes: Buffer.byteLength(result.stdout) }
      : {}),
  });
  const { content, isError } = toolResultContent(result);
  return { type: 'tool_result', toolUseId: use.id, content, ...(isError ? { isError: true } : {}) };
}

function clip(text: string): string {
  return Buffer.byteLength(text) <= maxRecordedOutputBytes
    ? text
    : Buffer.from(text).subarray(0, maxRecordedOutputBytes).toString('utf8');
}
