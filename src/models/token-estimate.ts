/** A deterministic token estimate (about four characters a token) for models that count none. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
