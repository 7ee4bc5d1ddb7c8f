import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CspTestKit, errorLine, startCspKit } from './csp-kit.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON documents
type Doc = any;

let kit: CspTestKit;
beforeAll(async () => {
  kit = await startCspKit();
});
afterAll(async () => {
  await kit.close();
});

const draftCatalog = 'Globex 2027 catalog';

describe('csp catalog writes', () => {
  it('fills a missing UNSPSC code and lead time on an item', async () => {
    const [item] = (await kit.json([
      'catalog',
      'items',
      'list',
      '--catalog',
      draftCatalog,
      '--missing',
      'unspsc-code',
      '--limit',
      '1',
    ])) as Doc[];
    const argv = ['catalog', 'items', 'update', '--catalog', draftCatalog, item['supplier-part-num']];
    const updated = (await kit.json([...argv, '--unspsc-code', '31171504', '--lead-time', '10'])) as Doc;
    expect(updated).toMatchObject({ 'unspsc-code': '31171504', 'lead-time': 10 });
    const nothing = await kit.csp(argv);
    expect(nothing.exitCode).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to change/);
  });

  it('adds one item from flags and many from a CSV file', async () => {
    const single = (await kit.json([
      'catalog',
      'items',
      'add',
      '--catalog',
      draftCatalog,
      '--name',
      'Test bearing',
      '--part',
      'NWC-TST-0001',
      '--uom',
      'EA',
      '--price',
      '4.5',
      '--description',
      'A bearing for tests',
    ])) as Doc;
    expect(single).toMatchObject({ 'supplier-part-num': 'NWC-TST-0001', price: 4.5 });
    const csv = [
      'Name*,Description*,UOM Code*,Active*,Supplier Part Num*,Price',
      'Bulk one,First bulk item,EA,true,NWC-TST-0002,1.25',
      'Bulk two,"Second, with a comma",EA,true,NWC-TST-0003,2.5',
    ].join('\n');
    const files = new Map([['items.csv', csv]]);
    const readFile = async (path: string) => {
      const text = files.get(path);
      if (text === undefined) throw new Error('ENOENT');
      return text;
    };
    const bulk = await kit.csp(
      ['catalog', 'items', 'add', '--catalog', draftCatalog, '--file', 'items.csv'],
      {
        run: { readFile },
      },
    );
    expect(bulk.exitCode).toBe(0);
    const item = (await kit.json([
      'catalog',
      'items',
      'show',
      '--catalog',
      draftCatalog,
      'NWC-TST-0003',
    ])) as Doc;
    expect(item.description).toBe('Second, with a comma');
    const unreadable = await kit.csp(
      ['catalog', 'items', 'add', '--catalog', draftCatalog, '--file', 'nope.csv'],
      {
        run: { readFile },
      },
    );
    expect(unreadable.exitCode).toBe(2);
    expect(unreadable.stderr).toMatch(/--file: cannot read nope.csv/);
  });

  it('adds items from --items-json all or nothing, with errors keyed by row', async () => {
    const items = [
      {
        name: 'Json one',
        description: 'ok',
        'uom-code': 'EA',
        'supplier-part-num': 'NWC-TST-0100',
        price: 3,
      },
      {
        name: 'Json two',
        description: 'bad unit',
        'uom-code': 'NOPE',
        'supplier-part-num': 'NWC-TST-0101',
        price: 3,
      },
    ];
    const refused = await kit.csp([
      'catalog',
      'items',
      'add',
      '--catalog',
      draftCatalog,
      '--items-json',
      JSON.stringify(items),
    ]);
    expect(refused.exitCode).toBe(1);
    expect(Object.keys(errorLine(refused).errors).some((key) => key.startsWith('row 2'))).toBe(true);
    const none = await kit.csp(['catalog', 'items', 'show', '--catalog', draftCatalog, 'NWC-TST-0100']);
    expect(errorLine(none).status).toBe(404);
    const accepted = await kit.csp([
      'catalog',
      'items',
      'add',
      '--catalog',
      draftCatalog,
      '--items-json',
      JSON.stringify(items.slice(0, 1)),
    ]);
    expect(accepted.exitCode).toBe(0);
  });

  it('creates, renames and submits a catalog', async () => {
    const created = (await kit.json([
      'catalogs',
      'create',
      '--name',
      'CSP test catalog',
      '--customer',
      '1',
    ])) as Doc;
    expect(created.status).toBe('draft');
    const renamed = (await kit.json([
      'catalogs',
      'update',
      String(created.id),
      '--name',
      'CSP test catalog v2',
    ])) as Doc;
    expect(renamed.name).toBe('CSP test catalog v2');
    const empty = await kit.csp(['catalogs', 'submit', 'CSP test catalog v2']);
    expect(errorLine(empty).status).toBe(422);
    await kit.json([
      'catalog',
      'items',
      'add',
      '--catalog',
      String(created.id),
      '--name',
      'Only item',
      '--part',
      'NWC-TST-0200',
      '--uom',
      'EA',
      '--price',
      '1',
      '--description',
      'described',
    ]);
    const submitted = (await kit.json(['catalogs', 'submit', String(created.id)])) as Doc;
    expect(submitted.status).toBe('pending_approval');
  });
});

describe('csp profile writes', () => {
  it('requests a profile change with --set and --set-json', async () => {
    const request = (await kit.json([
      'profile',
      'request-change',
      '--customer',
      '2',
      '--set',
      'website=https://northwind.example',
      '--set-json',
      'diversities=["SBE","MBE"]',
      '--justification',
      'New web site',
    ])) as Doc;
    expect(request).toMatchObject({
      status: 'pending_approval',
      changes: { website: 'https://northwind.example', diversities: ['SBE', 'MBE'] },
    });
    const listed = (await kit.json(['profile', 'change-requests', 'show', String(request.id)])) as Doc;
    expect(listed.id).toBe(request.id);
  });

  it('adds a remit-to address whose bank numbers come back masked', async () => {
    const added = (await kit.json([
      'remit-to',
      'add',
      '--customer',
      '1',
      '--name',
      'Northwind AR',
      '--street1',
      '1 Main St',
      '--city',
      'Chicago',
      '--state',
      'IL',
      '--postal-code',
      '60601',
      '--country',
      'US',
      '--name-on-account',
      'Northwind Components Ltd',
      '--account-number',
      '123456789',
      '--routing-number',
      '021000021',
    ])) as Doc;
    expect(added.status).toBe('pending_approval');
    expect(added['bank-account']['bank-account-number']).toBe('****6789');
    expect(JSON.stringify(added)).not.toContain('123456789');
    const badRouting = await kit.csp([
      'remit-to',
      'add',
      '--customer',
      '1',
      '--name',
      'X',
      '--street1',
      'S',
      '--city',
      'C',
      '--postal-code',
      '1',
      '--country',
      'US',
      '--account-number',
      '123456789',
      '--routing-number',
      '123456789',
    ]);
    expect(errorLine(badRouting)).toMatchObject({ status: 422 });
  });
});
