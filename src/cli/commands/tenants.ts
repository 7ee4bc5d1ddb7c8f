import { loadConfig } from '../../config/index.ts';
import { listClientCredentials } from '../../csp-api/auth/clients.ts';
import { buyerClientId, seedIfEmpty, supplierClientId } from '../../csp-api/seed/seed.ts';
import { openCspDatabase } from '../../csp-api/store/open-database.ts';
import { listTenants } from '../../csp-api/tenants/tenant.ts';
import { stringOption } from '../arguments.ts';
import type { CliCommand } from '../command.ts';

export const tenantsCommand: CliCommand = {
  name: 'tenants',
  summary: 'Lists the seeded supplier tenants with their development client credentials and users.',
  options: {
    json: { type: 'boolean', description: 'Print JSON: [{ id, name, clientId, clientSecret, users }].' },
    buyer: {
      type: 'boolean',
      description: 'Print the buyer-side simulation client instead (for /sim routes).',
    },
  },
  async run(values, _positionals, io) {
    const config = loadConfig({ dataDir: stringOption(values['data-dir']) }, io.env);
    const db = openCspDatabase(config.dataDir);
    try {
      seedIfEmpty(db);
      const secrets = new Map(
        listClientCredentials(db).map((client) => [client.clientId, client.clientSecret]),
      );
      if (values.buyer) {
        const buyer = { clientId: buyerClientId, clientSecret: secrets.get(buyerClientId) ?? '' };
        io.stdout(
          values.json ? `${JSON.stringify(buyer, null, 2)}\n` : `${buyer.clientId} ${buyer.clientSecret}\n`,
        );
        return 0;
      }
      const tenants = listTenants(db).map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        supplierId: tenant.supplierId,
        prefix: tenant.prefix,
        clientId: supplierClientId(tenant.id),
        clientSecret: secrets.get(supplierClientId(tenant.id)) ?? '',
        users: tenant.users,
      }));
      if (values.json) {
        io.stdout(`${JSON.stringify(tenants, null, 2)}\n`);
        return 0;
      }
      for (const tenant of tenants) {
        io.stdout(
          `${tenant.id.padEnd(10)} ${tenant.name.padEnd(28)} ${tenant.clientId} ${tenant.clientSecret}\n`,
        );
        for (const user of tenant.users)
          io.stdout(`  ${user.id.padEnd(12)} ${user.role.padEnd(20)} ${user.email}\n`);
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
