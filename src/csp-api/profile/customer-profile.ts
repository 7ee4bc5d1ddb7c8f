import { AppError } from '../../errors/index.ts';
import { found } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';

/** `?customer_id=N`: the profile one customer sees (the profile differs per customer). */
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
