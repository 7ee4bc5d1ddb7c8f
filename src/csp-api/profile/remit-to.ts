import { validationError } from '../../errors/index.ts';
import { parseBody } from '../http/body.ts';
import type { RouteKit, SupplierRouteRequest } from '../http/route-kit.ts';
import { listTenants } from '../tenants/tenant.ts';
import { maskBankDetails } from './bank-masking.ts';
import { checkBankAccount } from './bank-validation.ts';
import { type RemitToInput, remitToBody } from './schemas.ts';
import type { RemitToAddress } from './types.ts';

/**
 * `POST /api/remit_to_addresses`: proposes a new remit-to address with bank details. The customer
 * approves it (`pending_approval`); the unmasked details are stored write-only beside the document.
 */
export function registerRemitToWrites(kit: RouteKit): void {
  kit.write('POST', '/api/remit_to_addresses', 'csp.profile.write', (request) => ({
    status: 201,
    body: createRemitTo(kit, request),
  }));
}

function createRemitTo(kit: RouteKit, request: SupplierRouteRequest): RemitToAddress {
  const input = parseBody(remitToBody, request.body);
  const { customers, remitToAddresses } = kit.stores;
  // Another supplier's customer and a missing one get the same answer: nothing is revealed.
  const customer = customers.get(request.supplierId, input['customer-id']);
  const bank = checkBankAccount(input['bank-account']);
  const errors = bank.ok ? {} : { ...bank.errors };
  if (!customer) Object.assign(errors, { 'customer-id': ['is not one of your customers'] });
  const requestedCode = input['remit-to-code'];
  if (requestedCode !== undefined && remitToAddresses.findByNumber(request.supplierId, requestedCode)) {
    Object.assign(errors, { 'remit-to-code': ['is already used by another remit-to address'] });
  }
  if (!bank.ok || !customer || Object.keys(errors).length > 0) throw validationError(errors);

  const code = requestedCode ?? generateCode(kit, request.supplierId, customer.id);
  const now = request.now.toISOString();
  return remitToAddresses.insert(request.supplierId, {
    customerId: customer.id,
    number: code,
    secret: bank.secret,
    doc: {
      ...addressOf(input),
      customer: { id: customer.id, name: customer.name },
      'remit-to-code': code,
      name: input.name,
      'vat-number': input['vat-number'],
      active: false,
      status: 'pending_approval',
      'bank-account': maskBankDetails(bank.secret),
      'decline-reason': null,
      'created-at': now,
      'updated-at': now,
    },
  });
}

function addressOf(input: RemitToInput) {
  return {
    street1: input.street1,
    street2: input.street2,
    city: input.city,
    state: input.state,
    'postal-code': input['postal-code'],
    country: input.country,
  };
}

/** `NWC-RT-13`: the supplier's prefix, the customer id and the next free sequence number. */
function generateCode(kit: RouteKit, supplierId: number, customerId: number): string {
  const prefix =
    listTenants(kit.stores.db).find((tenant) => tenant.supplierId === supplierId)?.prefix ?? 'SUP';
  const existing = kit.stores.remitToAddresses.all(supplierId, { customerId }).length;
  for (let sequence = existing + 1; ; sequence += 1) {
    const code = `${prefix}-RT-${customerId}${sequence}`;
    if (!kit.stores.remitToAddresses.findByNumber(supplierId, code)) return code;
  }
}
