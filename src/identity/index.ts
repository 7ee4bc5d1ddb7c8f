export { bearerTokenOf } from './bearer-token.ts';
export {
  type ClaimNames,
  defaultClaimNames,
  defaultOperatorScope,
  defaultSupplierScopes,
} from './claims.ts';
export {
  createDevIssuer,
  type DevIssuer,
  type DevIssuerOptions,
  defaultAudience,
  defaultDevTokenTtlSeconds,
  devIssuerName,
  type MintRequest,
  maxDevTokenTtlSeconds,
} from './dev-issuer.ts';
export { devIssuerKeyPath } from './dev-issuer-keys.ts';
export {
  type DevIssuerDiscoveryOptions,
  type DiscoveryDocument,
  devIssuerDiscovery,
  discoveryUrlOf,
} from './discovery.ts';
export { createIdentity, type Identity, type IdentityOptions } from './identity.ts';
export {
  createJwtVerifier,
  defaultAlgorithms,
  type JwtVerifierOptions,
  maxTokenLength,
  supportedAlgorithms,
} from './jwt-verifier.ts';
export type { KeySource } from './key-source.ts';
export type { TenantContext, TokenVerifier } from './tenant-context.ts';
export { type RejectionReason, rejectionReasonOf, rejectionReasons } from './verification-error.ts';
