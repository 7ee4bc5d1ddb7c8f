import { AppError } from '../errors/index.ts';
import type { ToolDefinition } from '../tools/manifest/index.ts';
import type { ApiOperationRef } from './egress-decision.ts';
import { generatedIdPrefix } from './policy-files.ts';

/** What the policy needs of a tool: its name and the operations it performs. */
export type PolicyTool = Pick<ToolDefinition, 'name' | 'operations'>;

/** A Cedar string literal. Control characters are refused outright rather than escaped. */
export function cedarString(value: string): string {
  if ([...value].some((character) => character < ' ' || character === '\u007f')) {
    throw new AppError(
      'invalid_argument',
      `Egress policy names may not contain control characters: ${JSON.stringify(value)}.`,
    );
  }
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

export function operationKey(operation: ApiOperationRef): string {
  return `${operation.method} ${operation.path}`;
}

/** The id of the policy that lets `skill` perform `operation`: `skill:order-status:GET /api/purchase_orders/:id`. */
export function skillPolicyId(skill: string, operation: ApiOperationRef): string {
  return `${generatedIdPrefix}${skill}:${operationKey(operation)}`;
}

/** The operations a skill's tools may perform, each with the tools that need it. */
export function toolsByOperation(
  tools: readonly PolicyTool[],
): Map<string, { operation: ApiOperationRef; tools: string[] }> {
  const byOperation = new Map<string, { operation: ApiOperationRef; tools: string[] }>();
  for (const tool of tools) {
    for (const operation of tool.operations) {
      const key = operationKey(operation);
      const entry = byOperation.get(key) ?? {
        operation: { method: operation.method, path: operation.path },
        tools: [],
      };
      if (!entry.tools.includes(tool.name)) entry.tools.push(tool.name);
      byOperation.set(key, entry);
    }
  }
  return byOperation;
}

/**
 * Compiles a skill's tools into one Cedar `permit` per API operation, keyed by policy id:
 *
 *     @id("skill:order-status:GET /api/purchase_orders/:id")
 *     @tools("purchase_orders_show")
 *     permit (
 *       principal in Skill::"order-status",
 *       action == Action::"GET",
 *       resource == Operation::"GET /api/purchase_orders/:id"
 *     );
 *
 * Nothing else is permitted (Cedar denies by default), and the static forbids still apply.
 */
export function compileSkillPolicies(skill: string, tools: readonly PolicyTool[]): Record<string, string> {
  const policies: Record<string, string> = {};
  for (const { operation, tools: names } of toolsByOperation(tools).values()) {
    const id = skillPolicyId(skill, operation);
    policies[id] = [
      `@id(${cedarString(id)})`,
      `@tools(${cedarString(names.join(', '))})`,
      'permit (',
      `  principal in Skill::${cedarString(skill)},`,
      `  action == Action::${cedarString(operation.method)},`,
      `  resource == Operation::${cedarString(operationKey(operation))}`,
      ');',
    ].join('\n');
  }
  return policies;
}
