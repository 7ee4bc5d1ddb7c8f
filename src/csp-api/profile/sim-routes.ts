import { found, illegalTransition, parseBody } from '../http/body.ts';
import { findForBuyer } from '../http/buyer-lookup.ts';
import type { RouteKit, RouteRequest } from '../http/route-kit.ts';
import { decisionBody } from './schemas.ts';

/** The customer's side of profile changes and remit-to addresses: approve or decline what is pending. */
export function registerProfileSimRoutes(kit: RouteKit): void {
  const { profileChangeRequests, supplierProfiles, remitToAddresses } = kit.stores;

  kit.buyer('PUT', '/sim/profile_change_requests/:id/approve', (request) => {
    const { supplierId, doc } = pendingChangeRequest(kit, request);
    const now = request.now.toISOString();
    const profile = found(supplierProfiles.get(supplierId, doc['supplier-profile-id']));
    supplierProfiles.update(supplierId, { ...profile, ...doc.changes, 'updated-at': now });
    return {
      body: profileChangeRequests.update(supplierId, { ...doc, status: 'approved', 'decided-at': now }),
    };
  });

  kit.buyer('PUT', '/sim/profile_change_requests/:id/decline', (request) => {
    const { reason } = parseBody(decisionBody, request.body ?? {});
    const { supplierId, doc } = pendingChangeRequest(kit, request);
    const declined = {
      ...doc,
      status: 'declined' as const,
      'decline-reason': reason ?? 'Declined by the customer.',
      'decided-at': request.now.toISOString(),
    };
    return { body: profileChangeRequests.update(supplierId, declined) };
  });

  kit.buyer('PUT', '/sim/remit_to_addresses/:id/approve', (request) => {
    const { supplierId, doc } = pendingRemitTo(kit, request);
    const approved = {
      ...doc,
      status: 'active' as const,
      active: true,
      'updated-at': request.now.toISOString(),
    };
    return { body: remitToAddresses.update(supplierId, approved) };
  });

  kit.buyer('PUT', '/sim/remit_to_addresses/:id/decline', (request) => {
    const { reason } = parseBody(decisionBody, request.body ?? {});
    const { supplierId, doc } = pendingRemitTo(kit, request);
    const declined = {
      ...doc,
      status: 'declined' as const,
      active: false,
      'decline-reason': reason ?? 'Declined by the customer.',
      'updated-at': request.now.toISOString(),
    };
    return { body: remitToAddresses.update(supplierId, declined) };
  });
}

function pendingChangeRequest(kit: RouteKit, request: RouteRequest) {
  const owned = findForBuyer(kit.stores.profileChangeRequests, request.params.id);
  if (owned.doc.status !== 'pending_approval') {
    throw illegalTransition(`change request is ${owned.doc.status}; only pending_approval can be decided`);
  }
  return owned;
}

function pendingRemitTo(kit: RouteKit, request: RouteRequest) {
  const owned = findForBuyer(kit.stores.remitToAddresses, request.params.id);
  if (owned.doc.status !== 'pending_approval') {
    throw illegalTransition(`remit-to address is ${owned.doc.status}; only pending_approval can be decided`);
  }
  return owned;
}
