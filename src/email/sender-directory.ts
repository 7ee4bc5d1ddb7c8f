import type { Tenant } from '../csp-api/tenants/tenant.ts';
import type { EmailSender } from './email-types.ts';

/** Finds the supplier user an address belongs to. */
export interface SenderDirectory {
  /** The one user with this address (any letter case); undefined when none or several have it. */
  find(address: string): EmailSender | undefined;
}

/** A directory over the tenants' users, read on every lookup so new users count at once. */
export function createSenderDirectory(tenants: () => readonly Tenant[]): SenderDirectory {
  return {
    find(address) {
      const wanted = address.trim().toLowerCase();
      const matches = tenants().flatMap((tenant) =>
        tenant.users
          .filter((user) => user.email.toLowerCase() === wanted)
          .map((user) => ({
            tenantId: tenant.id,
            userId: user.id,
            email: user.email,
            name: user.name,
            scopes: [...user.scopes],
          })),
      );
      // An address shared by two users names nobody: which tenant would the session belong to?
      return matches.length === 1 ? matches[0] : undefined;
    },
  };
}
