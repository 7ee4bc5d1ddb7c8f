import type { Catalog, CatalogItem } from '../catalogs/types.ts';
import { createRandom, daysAfter } from './random.ts';
import type { SeedContext } from './seed-orders.ts';

/**
 * Per customer: an accepted price list, and a draft catalog of 32 items of which many lack a
 * UNSPSC code, a description or a lead time, which is what catalog enrichment is for.
 */
export function seedCatalogs(context: SeedContext): void {
  const { stores, supplier, customer } = context;
  const random = createRandom(context.seed + 13);
  const catalogs: { name: string; status: Catalog['status']; size: number; gaps: boolean }[] = [
    { name: `${customer.name.split(' ')[0]} 2026 price list`, status: 'accepted', size: 12, gaps: false },
    { name: `${customer.name.split(' ')[0]} 2027 catalog`, status: 'draft', size: 32, gaps: true },
  ];
  for (const [position, plan] of catalogs.entries()) {
    const created = daysAfter(position === 0 ? '2026-01-10' : '2026-10-01', supplier.supplierId);
    const catalog = stores.catalogs.insert(supplier.supplierId, {
      customerId: customer.id,
      number: plan.name,
      doc: {
        name: plan.name,
        customer: { id: customer.id, name: customer.name },
        currency: customer.currency,
        status: plan.status,
        'start-date': position === 0 ? '2026-01-01' : '2027-01-01',
        'expiration-date': position === 0 ? '2026-12-31' : '2027-12-31',
        'item-count': plan.size,
        'reject-reason': null,
        'submitted-at': plan.status === 'accepted' ? daysAfter('2026-01-12', 0) : null,
        'created-at': created,
        'updated-at': created,
      },
    });
    for (let index = 0; index < plan.size; index += 1) {
      const base = supplier.products[index % supplier.products.length]!;
      const variant = Math.floor(index / supplier.products.length);
      const part = variant === 0 ? base.part : `${base.part}-V${variant + 1}`;
      const gap = plan.gaps ? index % 4 : -1;
      const item: Omit<CatalogItem, 'id'> = {
        catalog: { id: catalog.id, name: catalog.name },
        name: variant === 0 ? base.name : `${base.name} (variant ${variant + 1})`,
        description: gap === 1 || gap === 3 ? null : base.description,
        'uom-code': base.uom,
        active: true,
        'supplier-part-num': part,
        'supplier-aux-part-num': null,
        manufacturer: base.manufacturer,
        'lead-time': gap === 2 || gap === 3 ? null : base.leadTime + variant,
        'unspsc-code': gap === 0 || gap === 3 ? null : base.unspsc,
        price: Math.round(base.price * (1 + variant * 0.05 + random.next() * 0.02) * 100) / 100,
        currency: customer.currency,
        availability: random.chance(0.85) ? 'in_stock' : 'backordered',
        contract: null,
        'created-at': created,
        'updated-at': created,
      };
      stores.catalogItems.insert(supplier.supplierId, {
        customerId: customer.id,
        parentId: catalog.id,
        number: part,
        doc: item,
      });
    }
  }
}
