import type { Config } from '../../config/index.ts';
import { seedIfEmpty } from '../../csp-api/seed/seed.ts';
import { createCspApiServer } from '../../csp-api/server.ts';
import { openCspDatabase, type SqliteDatabase } from '../../csp-api/store/open-database.ts';

export interface CspApiAccess {
  /** Base URL of the internal API. */
  url: string;
  /** The data dir's CSP database: tenants and their downstream client credentials. */
  db: SqliteDatabase;
}

/**
 * Runs `work` with the internal API: the embedded CSP API on the data dir (on a free loopback port),
 * or the one at `cspUrl`, which must serve the same data dir (its tenants' credentials are read here).
 */
export async function withCspApi<T>(
  config: Config,
  cspUrl: string | undefined,
  work: (api: CspApiAccess) => Promise<T>,
) {
  if (cspUrl !== undefined) {
    const db = openCspDatabase(config.dataDir);
    try {
      seedIfEmpty(db);
      return await work({ url: cspUrl.replace(/\/+$/, ''), db });
    } finally {
      db.close();
    }
  }
  const server = await createCspApiServer({ dataDir: config.dataDir, config: config.cspApi });
  try {
    const url = await server.listen(0, '127.0.0.1');
    return await work({ url, db: server.db });
  } finally {
    await server.close();
  }
}
