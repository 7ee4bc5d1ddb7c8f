import type { ConverseOptions, ProviderCall, ProviderReply } from './model-types.ts';

/** One provider attempt as recorded: the exact request and, once read, the exact answer. */
export interface ProviderExchange {
  request: ProviderCall;
  response?: ProviderReply;
}

/**
 * Collects a model call's provider attempts through the adapter's hooks, pairing each answer with
 * its request, for the `model-response` record.
 */
export function createExchangeLog(): {
  hooks: Pick<ConverseOptions, 'onProviderRequest' | 'onProviderResponse'>;
  exchanges: ProviderExchange[];
} {
  const exchanges: ProviderExchange[] = [];
  return {
    exchanges,
    hooks: {
      async onProviderRequest(call) {
        exchanges.push({ request: call });
      },
      async onProviderResponse(reply) {
        const open = exchanges.find(
          (exchange) => exchange.request.attempt === reply.attempt && !exchange.response,
        );
        if (open) open.response = reply;
        else
          exchanges.push({
            request: { attempt: reply.attempt, method: '', url: '', headers: {}, body: '' },
            response: reply,
          });
      },
    },
  };
}
