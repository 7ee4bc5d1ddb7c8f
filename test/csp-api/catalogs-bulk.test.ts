import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspApiHarness, startCspApi } from '../../src/testing/csp-api-harness.ts';

let h: CspApiHarness;
let northwind: string;
let globexId: number;
let sequence = 0;

const loaderHeader =
  'Name*,Description*,UoM Code*,Active*,Supplier Part Num*,Supplier Aux Part Num,Manufacturer,Lead Time,UNSPSC,Price,Currency';

beforeAll(async () => {
  h = await startCspApi();
  northwind = await h.token('northwind');
  const customers = await h.request('GET', '/api/customers', { token: northwind });
  globexId = customers.body.find((customer: { name: string }) => customer.name.startsWith('Globex')).id;
});

afterAll(async () => {
  await h.close();
});

const newCatalog = async (): Promise<number> => {
  sequence += 1;
  const response = await h.request('POST', '/api/catalogs', {
    token: northwind,
    body: { name: `NWC bulk ${sequence}`, 'customer-id': globexId },
  });
  return response.body.id;
};

const uploadCsv = (catalogId: number, csv: string, headers: Record<string, string> = {}) =>
  h.request('POST', `/api/catalogs/${catalogId}/items/bulk`, {
    token: northwind,
    body: csv,
    headers: { 'content-type': 'text/csv', ...headers },
  });

const csvRow = (index: number, description: string) =>
  `Washer M${index},${description},EA,Yes,NWC-W-${index},,Northwind,3,31161800,0.05,USD`;

const itemsOf = async (catalogId: number) =>
  (await h.request('GET', `/api/catalogs/${catalogId}/items?limit=50`, { token: northwind })).body;

describe('POST /api/catalogs/:catalogId/items/bulk (CSV)', () => {
  it('loads 40 items, refuses to submit until descriptions are filled, then submits', async () => {
    const catalogId = await newCatalog();
    const rows = Array.from({ length: 40 }, (_, index) =>
      csvRow(index + 1, index % 2 === 0 ? 'Flat washer' : ''),
    );
    const loaded = await uploadCsv(catalogId, [loaderHeader, ...rows].join('\r\n'));
    expect(loaded.status).toBe(201);
    expect(loaded.body).toMatchObject({ created: 40, updated: 0 });
    expect(loaded.body.items).toHaveLength(40);
    expect(loaded.body.items[1]).toMatchObject({
      'supplier-part-num': 'NWC-W-2',
      description: null,
      'lead-time': 3,
      price: 0.05,
    });
    expect(
      (await h.request('GET', `/api/catalogs/${catalogId}`, { token: northwind })).body['item-count'],
    ).toBe(40);

    const refused = await h.request('PUT', `/api/catalogs/${catalogId}/submit`, { token: northwind });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors)).toHaveLength(20);
    expect(refused.body.errors['items[NWC-W-2].description']).toBeDefined();

    const fills = Array.from({ length: 20 }, (_, index) => csvRow(index * 2 + 2, '"Flat washer, zinc"'));
    const filled = await uploadCsv(catalogId, [loaderHeader, ...fills].join('\n'));
    expect(filled.body).toMatchObject({ created: 0, updated: 20 });
    expect(
      (await h.request('GET', `/api/catalogs/${catalogId}`, { token: northwind })).body['item-count'],
    ).toBe(40);
    const submitted = await h.request('PUT', `/api/catalogs/${catalogId}/submit`, { token: northwind });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('pending_approval');
  });

  it('creates nothing at all when one row is bad, and names the rows', async () => {
    const catalogId = await newCatalog();
    const rows = [
      csvRow(1, 'ok'),
      csvRow(2, 'ok'),
      csvRow(3, 'ok').replace(',EA,', ',FURLONG,'),
      csvRow(4, 'ok').replace(',0.05,', ',free,'),
      csvRow(5, 'ok').replace('31161800', '123'),
    ];
    const response = await uploadCsv(catalogId, [loaderHeader, ...rows].join('\r\n'));
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual([
      'row 3.uom-code',
      'row 4.price',
      'row 5.unspsc-code',
    ]);
    expect(await itemsOf(catalogId)).toEqual([]);
    expect(
      (await h.request('GET', `/api/catalogs/${catalogId}`, { token: northwind })).body['item-count'],
    ).toBe(0);

    const fixed = await uploadCsv(catalogId, [loaderHeader, ...rows.slice(0, 2)].join('\r\n'));
    expect(fixed.status).toBe(201);
    expect(await itemsOf(catalogId)).toHaveLength(2);
  });

  it('reads quoted fields, doubled quotes, CRLF and headers in any case, with or without stars', async () => {
    const catalogId = await newCatalog();
    const csv = [
      'supplier part num,NAME, uom code ,description,active,price',
      'NWC-Q-1,"Bolt, hex","ea","A ""heavy"" bolt\r\nzinc plated",no,1.25',
      '',
      'NWC-Q-2,Nut,PK,,TRUE,0.4',
    ].join('\r\n');
    const response = await uploadCsv(catalogId, csv);
    expect(response.status).toBe(201);
    expect(response.body.items[0]).toMatchObject({
      name: 'Bolt, hex',
      'uom-code': 'EA',
      description: 'A "heavy" bolt\r\nzinc plated',
      active: false,
      price: 1.25,
    });
    expect(response.body.items[1]).toMatchObject({
      'supplier-part-num': 'NWC-Q-2',
      'uom-code': 'PK',
      description: null,
    });
  });

  it('rejects unknown or missing columns and rows of the wrong width', async () => {
    const catalogId = await newCatalog();
    const unknown = await uploadCsv(catalogId, `${loaderHeader},Colour\n${csvRow(1, 'x')},red`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.header[0]).toContain('Colour');
    const missing = await uploadCsv(catalogId, 'Name*,Price\nBolt,1');
    expect(missing.status).toBe(422);
    expect(missing.body.errors.header.join(' ')).toContain('supplier part num');
    const ragged = await uploadCsv(catalogId, `${loaderHeader}\n${csvRow(1, 'x')}\nWasher,short`);
    expect(ragged.status).toBe(422);
    expect(Object.keys(ragged.body.errors)).toEqual(['row 2']);
    const unclosed = await uploadCsv(catalogId, `${loaderHeader}\n"Washer,x`);
    expect(unclosed.status).toBe(422);
    expect(await itemsOf(catalogId)).toEqual([]);
  });

  it('takes up to 1,000 rows and bodies over the usual 256 KiB limit; refuses 1,001 rows', async () => {
    const catalogId = await newCatalog();
    const long = 'Extra long description '.repeat(12);
    const rows = Array.from({ length: 1000 }, (_, index) => csvRow(index + 1, long));
    const csv = [loaderHeader, ...rows].join('\r\n');
    expect(csv.length).toBeGreaterThan(256 * 1024);
    const tooMany = await uploadCsv(catalogId, [csv, csvRow(1001, long)].join('\r\n'));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.base[0]).toContain('1000');
    const loaded = await uploadCsv(catalogId, csv);
    expect(loaded.status).toBe(201);
    expect(loaded.body.created).toBe(1000);
    expect(
      (await h.request('GET', `/api/catalogs/${catalogId}`, { token: northwind })).body['item-count'],
    ).toBe(1000);
  });

  it('replays a retried CSV upload with the same Idempotency-Key', async () => {
    const catalogId = await newCatalog();
    const csv = [loaderHeader, csvRow(1, 'x'), csvRow(2, 'y')].join('\r\n');
    const headers = { 'idempotency-key': 'bulk-csv-1' };
    const first = await uploadCsv(catalogId, csv, headers);
    const second = await uploadCsv(catalogId, csv, headers);
    expect(first.body).toMatchObject({ created: 2, updated: 0 });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await itemsOf(catalogId)).toHaveLength(2);
  });

  it('refuses other content types with 415', async () => {
    const catalogId = await newCatalog();
    const response = await uploadCsv(catalogId, '<items/>', { 'content-type': 'application/xml' });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
  });
});

describe('POST /api/catalogs/:catalogId/items/bulk (JSON)', () => {
  it('creates and updates by part number in one go', async () => {
    const catalogId = await newCatalog();
    await h.request('POST', `/api/catalogs/${catalogId}/items`, {
      token: northwind,
      body: { name: 'Spring', 'uom-code': 'EA', 'supplier-part-num': 'NWC-J-1', price: 2 },
    });
    const response = await h.request('POST', `/api/catalogs/${catalogId}/items/bulk`, {
      token: northwind,
      body: {
        items: [
          { 'supplier-part-num': 'NWC-J-1', description: 'Compression spring', 'lead-time': 4 },
          {
            name: 'Clip',
            'uom-code': 'BX',
            'supplier-part-num': 'NWC-J-2',
            price: 5,
            availability: 'backordered',
          },
        ],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ created: 1, updated: 1 });
    expect(response.body.items[0]).toMatchObject({
      name: 'Spring',
      price: 2,
      description: 'Compression spring',
      'lead-time': 4,
    });
    expect(response.body.items[1]).toMatchObject({ availability: 'backordered', 'uom-code': 'BX' });
  });

  it('names repeated part numbers and incomplete new items by row; writes nothing', async () => {
    const catalogId = await newCatalog();
    const response = await h.request('POST', `/api/catalogs/${catalogId}/items/bulk`, {
      token: northwind,
      body: {
        items: [
          { name: 'A', 'uom-code': 'EA', 'supplier-part-num': 'NWC-K-1', price: 1 },
          { name: 'B', 'uom-code': 'EA', 'supplier-part-num': 'NWC-K-1', price: 1 },
          { name: 'C', 'supplier-part-num': 'NWC-K-3' },
          'not an item',
        ],
      },
    });
    expect(response.status).toBe(422);
    expect(Object.keys(response.body.errors).sort()).toEqual([
      'row 2.supplier-part-num',
      'row 3.price',
      'row 3.uom-code',
      'row 4',
    ]);
    expect(await itemsOf(catalogId)).toEqual([]);
    const empty = await h.request('POST', `/api/catalogs/${catalogId}/items/bulk`, {
      token: northwind,
      body: { items: [] },
    });
    expect(empty.status).toBe(422);
  });
});
