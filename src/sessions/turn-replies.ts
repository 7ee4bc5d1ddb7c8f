/** What the supplier reads when a turn does not run a skill. Polite, specific, never a guess. */
export const turnReplies = {
  noSkill: (reason: string) =>
    `I can help with your purchase orders, invoices, supplier profile and remit-to details, and your catalogs, but not with this request${reason ? ` (${reason.replace(/\.$/, '')})` : ''}. Could you rephrase it as one of those?`,
  missingScopes: (skill: string, scopes: readonly string[]) =>
    `Your account is not permitted to use ${skill}: it needs the ${scopes.join(', ')} permission${scopes.length > 1 ? 's' : ''}. Please ask your administrator.`,
  interrupted: (reason: string) => `The request was stopped (${reason}). Nothing further was done.`,
  failed: 'Something went wrong while handling your request; nothing further was done. Please try again.',
} as const;
