import type { AuditLog } from '../audit/event-types.ts';
import { createBroker } from '../broker/broker.ts';
import type { TurnBrief } from '../broker/broker-types.ts';
import type { ModelMessage } from '../models/model-types.ts';
import type { CellCommand } from '../sandbox/cell.ts';
import { cellAppRoot } from '../sandbox/cell-filesystem.ts';
import { type Skill, toolsForUser } from '../skills/index.ts';
import { abortReason } from './abort-reason.ts';
import { cellExitRecord, cellStartRecord } from './cell-records.ts';
import { captureOutput } from './output-capture.ts';
import { skillEgressPolicy } from './skill-policy.ts';
import { findSkillTools } from './skill-tools.ts';
import { turnReplies } from './turn-replies.ts';
import type { TurnRequest, TurnResult, TurnRuntime } from './turn-types.ts';

/** The agent loop's entry when none was prepared: the sources through tsx. */
const defaultAgentEntry = 'src/cell/agent/start-agent.js';

/**
 * The command a cell runs for a turn. A pool given the same command as `prepare` starts it in its
 * warm cells ahead of their session.
 */
export function agentCommand(agentEntry: string | undefined): CellCommand {
  return { argv: ['node', `${cellAppRoot}/${agentEntry ?? defaultAgentEntry}`] };
}

const defaultMaxTokensPerCall = 4096;

/**
 * Runs one turn of a skill in a fresh cell: the broker gets the skill's egress policy (only the
 * tools this user may use), the turn's budget and the model; the cell runs the agent loop, whose
 * only way out is that broker. The reply is the `assistant-message` the broker verified against
 * the model's final answer, never what the cell prints.
 */
export async function runSkillInCell(
  runtime: TurnRuntime,
  request: TurnRequest,
  audit: AuditLog,
  skill: Skill,
  conversation: ModelMessage[],
): Promise<Omit<TurnResult, 'sessionId' | 'skill'>> {
  const { sessionId } = request;
  const record = (type: Parameters<AuditLog['append']>[1]['type'], payload: Record<string, unknown>) =>
    audit.append(sessionId, { type, payload });
  const tools = findSkillTools(toolsForUser(skill, request.user.scopes));
  const policy = skillEgressPolicy({ tools, skill: skill.name, tenantId: request.tenantId });
  const brief: TurnBrief = {
    message: request.message,
    conversation,
    skill: {
      name: skill.name,
      description: skill.description,
      instructions: skill.body,
      tools: tools.map((tool) => tool.name),
    },
    maxTokensPerCall: runtime.maxTokensPerCall ?? defaultMaxTokensPerCall,
    budget: skill.budgets,
  };
  const cell = await runtime.pool.acquire({ sessionId });
  let interruptedFor: string | undefined;
  let verifiedReply: string | undefined;
  const broker = createBroker({
    sessionId,
    tenant: { id: request.tenantId },
    userId: request.user.id,
    skill: { name: skill.name },
    policy,
    audit,
    upstreamUrl: runtime.upstreamUrl,
    credentials: runtime.credentials(request.tenantId),
    clock: runtime.clock,
    socketPath: cell.brokerSocketPath,
    model: runtime.model,
    turn: brief,
    budget: skill.budgets,
    ...(request.onText ? { onModelText: request.onText } : {}),
    onInterrupted(reason) {
      interruptedFor = reason;
      void cell.kill(reason);
    },
    // `audit` already tells the turn's listener of every event; this only catches the reply.
    onEvent(event) {
      if (event.type === 'assistant-message' && typeof event.payload.text === 'string') {
        verifiedReply = event.payload.text;
      }
    },
  });
  const interrupt = () => {
    void broker.interrupt(abortReason(request.signal)).catch(() => {});
  };
  try {
    await broker.listen();
    await record('cell-start', cellStartRecord(cell));
    if (request.signal?.aborted) interrupt();
    request.signal?.addEventListener('abort', interrupt, { once: true });
    const stdout = captureOutput(cell.stdout, undefined, 64 * 1024);
    const stderr = captureOutput(cell.stderr, undefined, 64 * 1024);
    const exit = await cell.run(agentCommand(runtime.agentEntry));
    const printed = await stdout.result();
    const errors = await stderr.result();
    await record('cell-exit', cellExitRecord(cell, exit, errors.bytes > 0 ? { stderr: errors } : {}));
    if (interruptedFor !== undefined) return { status: 'interrupted', reply: '', reason: interruptedFor };
    if (verifiedReply !== undefined) return { status: 'completed', reply: verifiedReply };
    const reason =
      cellReason(printed.text) ??
      (exit.reason === 'exited'
        ? `the agent exited with status ${exit.exitCode}`
        : `the cell ended: ${exit.reason}`);
    return { status: 'failed', reply: turnReplies.failed, reason };
  } finally {
    request.signal?.removeEventListener('abort', interrupt);
    await broker.close();
    await cell.kill('turn ended');
  }
}

/** The loop's own account of a failure (its last stdout line), when it printed one. */
function cellReason(stdout: string): string | undefined {
  const line = stdout.trim().split('\n').at(-1);
  if (!line) return undefined;
  try {
    const parsed = JSON.parse(line) as { reason?: unknown };
    return typeof parsed.reason === 'string' ? `agent: ${parsed.reason}` : undefined;
  } catch {
    return undefined;
  }
}
