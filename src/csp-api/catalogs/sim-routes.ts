import { illegalTransition, parseBody } from '../http/body.ts';
import { findForBuyer } from '../http/buyer-lookup.ts';
import type { RouteKit, RouteRequest } from '../http/route-kit.ts';
import { rejectBody } from './catalog-schema.ts';

/** The customer's side of catalogs: accept or reject one that is pending approval. */
export function registerCatalogSimRoutes(kit: RouteKit): void {
  const { catalogs } = kit.stores;

  kit.buyer('PUT', '/sim/catalogs/:id/accept', (request) => {
    const { supplierId, doc } = pendingCatalog(kit, request);
    const accepted = { ...doc, status: 'accepted' as const, 'updated-at': request.now.toISOString() };
    return { body: catalogs.update(supplierId, accepted) };
  });

  kit.buyer('PUT', '/sim/catalogs/:id/reject', (request) => {
    const { reason } = parseBody(rejectBody, request.body ?? {});
    const { supplierId, doc } = pendingCatalog(kit, request);
    const rejected = {
      ...doc,
      status: 'rejected' as const,
      'reject-reason': reason || 'Rejected by the customer.',
      'updated-at': request.now.toISOString(),
    };
    return { body: catalogs.update(supplierId, rejected) };
  });
}

function pendingCatalog(kit: RouteKit, request: RouteRequest) {
  const owned = findForBuyer(kit.stores.catalogs, request.params.id);
  if (owned.doc.status !== 'pending_approval') {
    throw illegalTransition(
      `catalog is ${owned.doc.status}; only pending_approval can be accepted or rejected`,
    );
  }
  return owned;
}
