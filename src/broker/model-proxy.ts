/** What a model call answered: the provider-neutral response and, when known, the tokens it used. */
export interface ModelConversation {
  response: unknown;
  usage?: { inputTokens: number; outputTokens: number };
}

/**
 * The broker's way out to a model provider. The cell sends a provider-neutral request
 * (`{ messages, tools, system?, maxTokens? }`); the broker records it, calls `converse` and records
 * the answer. `signal` aborts the call when the session is interrupted.
 */
export interface ModelProxy {
  converse(request: unknown, signal: AbortSignal): Promise<ModelConversation>;
}
