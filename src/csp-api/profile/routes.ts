import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit } from '../http/route-kit.ts';
import { project, projectionFromQuery } from '../query/projection.ts';
import { registerProfileChangeWrites } from './change-requests.ts';
import { profileForCustomer } from './customer-profile.ts';
import { profileChangeRequestFields, remitToAddressFields, supplierProfileFields } from './fields.ts';
import { registerRemitToWrites } from './remit-to.ts';
import { registerProfileSimRoutes } from './sim-routes.ts';

export { profileForCustomer } from './customer-profile.ts';

/** The supplier profile (one per customer), profile change requests and remit-to addresses. */
export function registerProfileRoutes(kit: RouteKit): void {
  const { supplierProfiles, profileChangeRequests, remitToAddresses } = kit.stores;
  registerDocumentReads(kit, {
    path: '/api/supplier_profiles',
    scope: 'csp.profile.read',
    table: supplierProfiles,
    fields: supplierProfileFields,
  });
  kit.read('/api/supplier_profile', 'csp.profile.read', (request) =>
    project(profileForCustomer(kit, request), projectionFromQuery(request.query)),
  );
  registerDocumentReads(kit, {
    path: '/api/profile_change_requests',
    scope: 'csp.profile.read',
    table: profileChangeRequests,
    fields: profileChangeRequestFields,
  });
  registerDocumentReads(kit, {
    path: '/api/remit_to_addresses',
    scope: 'csp.profile.read',
    table: remitToAddresses,
    fields: remitToAddressFields,
  });
  registerProfileChangeWrites(kit);
  registerRemitToWrites(kit);
  registerProfileSimRoutes(kit);
}
