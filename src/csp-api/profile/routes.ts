import { AppError } from '../../errors/index.ts';
import { found } from '../http/body.ts';
import { registerDocumentReads } from '../http/document-reads.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { profileChangeRequestFields, remitToAddressFields, supplierProfileFields } from './fields.ts';

/** The supplier profile (one per customer), profile change requests and remit-to addresses. */
export function registerProfileRoutes(kit: RouteKit): void {
  const { supplierProfiles, profileChangeRequests, remitToAddresses } = kit.stores;
  registerDocumentReads(kit, {
    path: '/api/supplier_profiles',
    scope: 'csp.profile.read',
    table: supplierProfiles,
    fields: supplierProfileFields,
  });
  kit.read('/api/supplier_profile', 'csp.profile.read', (request) => profileForCustomer(kit, request));
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
}

/** `GET /api/supplier_profile?customer_id=N`: the profile one customer sees. */
export function profileForCustomer(kit: RouteKit, request: SupplierRouteRequest) {
  const customerId = request.query.get('customer_id') ?? request.query.get('customer-id');
  if (customerId === null || !/^\d+$/.test(customerId)) {
    throw new AppError('invalid_argument', 'customer_id is required: the profile differs per customer.', {
      fields: { customer_id: ['is required'] },
    });
  }
  const customer = found(kit.stores.customers.get(request.supplierId, Number(customerId)));
  return found(kit.stores.supplierProfiles.all(request.supplierId, { customerId: customer.id })[0]);
}
