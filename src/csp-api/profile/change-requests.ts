import { AppError, type FieldErrors, isAppError, validationError } from '../../errors/index.ts';
import { parseBody } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { profileForCustomer } from './customer-profile.ts';
import { bankFieldNames, changeableShape, profileChangeBody } from './schemas.ts';
import type { ProfileChangeRequest, SupplierProfile } from './types.ts';

const bankFieldMessage =
  'bank details cannot change on the profile: they change through remit-to addresses (POST /api/remit_to_addresses)';

/** `PUT /api/supplier_profile?customer_id=N`: asks customer N to approve a profile change. */
export function registerProfileChangeWrites(kit: RouteKit): void {
  kit.write('PUT', '/api/supplier_profile', 'csp.profile.write', (request) => ({
    status: 201,
    body: requestProfileChange(kit, request),
  }));
}

function requestProfileChange(kit: RouteKit, request: SupplierRouteRequest): ProfileChangeRequest {
  const profile = profileForCustomer(kit, request);
  const input = parseChangeBody(request.body);
  const changes: Record<string, unknown> = {};
  const previousValues: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input.changes)) {
    if (value === undefined) continue;
    const current = profile[field as keyof SupplierProfile] ?? null;
    // Unchanged fields are left out, so `previous-values` shows exactly what approval would alter.
    if (canonicalJson(current) === canonicalJson(value)) continue;
    changes[field] = value;
    previousValues[field] = current;
  }
  if (Object.keys(changes).length === 0) {
    throw validationError({ changes: ['change nothing: every value equals the current profile'] });
  }
  const { profileChangeRequests } = kit.stores;
  const pending = profileChangeRequests
    .all(request.supplierId, { customerId: profile.customer.id })
    .find((candidate) => candidate.status === 'pending_approval');
  if (pending) {
    const message = `change request ${pending.id} for this customer is still pending approval`;
    throw new AppError('conflict', message, { fields: { base: [message] }, details: { id: pending.id } });
  }
  return profileChangeRequests.insert(request.supplierId, {
    customerId: profile.customer.id,
    parentId: profile.id,
    doc: {
      customer: profile.customer,
      'supplier-profile-id': profile.id,
      status: 'pending_approval',
      changes,
      'previous-values': previousValues,
      justification: input.justification,
      'decline-reason': null,
      'created-at': request.now.toISOString(),
      'decided-at': null,
    },
  });
}

/** Schema errors and refused fields (bank details, unknown or fixed fields) in one 422. */
function parseChangeBody(body: unknown) {
  const refused: FieldErrors = {};
  const changes = (body as { changes?: unknown } | null)?.changes;
  if (changes !== null && typeof changes === 'object' && !Array.isArray(changes)) {
    for (const field of Object.keys(changes)) {
      if (field in changeableShape) continue;
      refused[`changes.${field}`] = [
        bankFieldNames.has(field) ? bankFieldMessage : `is not a changeable field (${changeableList})`,
      ];
    }
  }
  try {
    const input = parseBody(profileChangeBody, body);
    if (Object.keys(refused).length > 0) throw validationError(refused);
    return input;
  } catch (error) {
    if (isAppError(error) && error.code === 'validation_failed') {
      throw validationError({ ...refused, ...error.fields });
    }
    throw error;
  }
}

const changeableList = Object.keys(changeableShape).join(', ');

/** JSON with sorted keys, so two values compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([left], [right]) => left.localeCompare(right)))
      : inner,
  );
}
