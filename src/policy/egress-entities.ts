import type { EntityJson, EntityUidJson } from '@cedar-policy/cedar-wasm/nodejs';
import type { ApiOperationRef } from './egress-decision.ts';
import { operationKey } from './skill-policies.ts';

/** The parts of a Cedar request that depend only on the operation: built once per policy. */
export interface PreparedOperation {
  operation: ApiOperationRef;
  action: EntityUidJson;
  resource: EntityUidJson;
  /** Principal, its tenant and skill, and the operation: everything the policies can look at. */
  entities: EntityJson[];
}

/** The agent of one session (`Agent::"TENANT/SKILL"`), a member of its tenant and of its skill. */
export function agentEntity(tenantId: string, skill: string): EntityJson {
  return {
    uid: { type: 'Agent', id: `${tenantId}/${skill}` },
    attrs: {},
    parents: [
      { type: 'Tenant', id: tenantId },
      { type: 'Skill', id: skill },
    ],
  };
}

/** Entities for every operation, following the types in `policies/egress.cedarschema`. */
export function prepareOperations(
  agent: EntityJson,
  operations: readonly ApiOperationRef[],
): Map<ApiOperationRef, PreparedOperation> {
  const shared: EntityJson[] = [
    agent,
    ...agent.parents.map((parent): EntityJson => ({ uid: parent, attrs: {}, parents: [] })),
  ];
  const prepared = new Map<ApiOperationRef, PreparedOperation>();
  for (const operation of operations) {
    const resource = { type: 'Operation', id: operationKey(operation) };
    prepared.set(operation, {
      operation,
      action: { type: 'Action', id: operation.method },
      resource,
      entities: [
        ...shared,
        { uid: resource, attrs: { method: operation.method, path: operation.path }, parents: [] },
      ],
    });
  }
  return prepared;
}
