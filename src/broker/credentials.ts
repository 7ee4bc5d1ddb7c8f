/** A downstream credential: the secret value, and the id that stands for it in the audit log. */
export interface Credential {
  value: string;
  /** `credential:<kind>:<first 8 hex of sha256(value)>`; safe to record, never reversible. */
  id: string;
}

/** Hands the broker the tenant's downstream credential; the cell never sees it. */
export interface CredentialProvider {
  /** The current credential, fetched or refreshed as needed. */
  token(signal?: AbortSignal): Promise<Credential>;
  /**
   * Forgets the cached credential after the upstream refused it (401). Given the refused credential,
   * forgets only that one, so concurrent 401s on the same token cause one refetch.
   */
  invalidate(refused?: Credential): void;
}
