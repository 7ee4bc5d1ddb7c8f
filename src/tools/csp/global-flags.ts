import type { FlagDefinition } from './command-types.ts';

/** How to reach the API outside a cell; every command takes these (a cell needs none of them). */
export const connectionFlags: Readonly<Record<string, FlagDefinition>> = {
  'api-url': {
    type: 'string',
    valueName: 'URL',
    description: 'CSP API base URL (or CSP_API_URL). Inside a cell the broker socket is used instead.',
  },
  token: { type: 'string', description: 'Bearer access token (or CSP_TOKEN).' },
  'client-id': { type: 'string', description: 'OAuth client id, to fetch a token (or CSP_CLIENT_ID).' },
  'client-secret': { type: 'string', description: 'OAuth client secret (or CSP_CLIENT_SECRET).' },
};

export const helpFlag: FlagDefinition = { type: 'switch', description: 'Show help for this command.' };

/** Write commands take this: a retried write with the same key changes nothing. */
export const idempotencyKeyFlag: FlagDefinition = {
  type: 'string',
  valueName: 'KEY',
  description: 'Idempotency-Key header (1 to 255 characters): a retry with the same key changes nothing.',
};
