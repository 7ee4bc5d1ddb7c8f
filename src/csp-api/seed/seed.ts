import { generateClientSecret, registerClient } from '../auth/clients.ts';
import { buyerScope, supplierScopes } from '../auth/scopes.ts';
import type { SqliteDatabase } from '../store/open-database.ts';
import { createCspStores } from '../store/stores.ts';
import { insertTenant } from '../tenants/tenant.ts';
import { daysAfter } from './random.ts';
import { seedCatalogs } from './seed-catalogs.ts';
import { seedCustomers, seedSuppliers } from './seed-data.ts';
import { seedInvoices } from './seed-invoices.ts';
import { type SeedContext, seedPurchaseOrders } from './seed-orders.ts';
import { seedProfile } from './seed-profiles.ts';
import { seedRequests } from './seed-requests.ts';

export const buyerClientId = 'sim-buyer';
export const customerUoms = ['EA', 'BX', 'CS', 'PK', 'KT', 'HR', 'KG', 'L'];

/** The client id of a tenant's API client (its secret is random per data dir). */
export const supplierClientId = (tenantId: string): string => `${tenantId}-agent`;

/**
 * Creates the development data set on an empty database: the same documents on every machine,
 * fresh random client secrets and signing keys per data dir. Does nothing if already seeded.
 */
export function seedIfEmpty(db: SqliteDatabase): boolean {
  const seeded = db.prepare('SELECT count(*) AS count FROM suppliers').get() as { count: number };
  if (seeded.count > 0) return false;
  const stores = createCspStores(db);
  stores.transaction(() => {
    for (const supplier of seedSuppliers) {
      insertTenant(db, {
        id: supplier.tenantId,
        supplierId: supplier.supplierId,
        name: supplier.name,
        prefix: supplier.prefix,
        number: supplier.number,
        users: supplier.users.map((user) => ({ ...user, email: `${user.id}@${supplier.domain}` })),
      });
      registerClient(
        db,
        {
          clientId: supplierClientId(supplier.tenantId),
          role: 'supplier',
          supplierId: supplier.supplierId,
          scopes: [...supplierScopes],
        },
        generateClientSecret(),
      );
      let documentNumber = 10_000 + supplier.supplierId * 1_000;
      const nextNumber = () => {
        documentNumber += 1;
        return documentNumber;
      };
      supplier.customers.forEach((customerKey, index) => {
        const seedCustomer = seedCustomers.find((candidate) => candidate.key === customerKey)!;
        const customer = stores.customers.insert(supplier.supplierId, {
          number: seedCustomer.key,
          doc: {
            name: seedCustomer.name,
            'supplier-number': `${seedCustomer.key.toUpperCase().slice(0, 3)}-V${supplier.supplierId}${index + 40}`,
            currency: seedCustomer.currency,
            'payment-term': { code: seedCustomer.paymentTerm },
            'tax-rate': seedCustomer.taxRate,
            uoms: customerUoms,
            'allow-change-requests': true,
            'allow-inv-from-connect': true,
            'created-at': daysAfter('2025-11-01', index),
          },
        });
        db.prepare('UPDATE customers SET customer_id = id WHERE id = ?').run(customer.id);
        const context: SeedContext = {
          stores,
          supplier,
          supplierRef: { id: supplier.supplierId, name: supplier.name, number: supplier.number },
          seedCustomer,
          customer,
          nextNumber,
          seed: supplier.supplierId * 100 + index,
        };
        const orders = seedPurchaseOrders(context);
        seedInvoices(context, orders);
        seedProfile(context, index);
        seedCatalogs(context);
        seedRequests(context, orders);
      });
    }
    registerClient(
      db,
      { clientId: buyerClientId, role: 'buyer', supplierId: null, scopes: [buyerScope] },
      generateClientSecret(),
    );
  });
  return true;
}
