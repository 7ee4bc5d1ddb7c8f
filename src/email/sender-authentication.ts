import dns from 'node:dns';
import { type AuthenticateResult, authenticate } from 'mailauth';
import type { TrustedRelay } from '../config/email-config.ts';
import { domainOf, domainsAligned } from './alignment.ts';
import { parseAuthenticationResults, type ResultEntry } from './authentication-results.ts';
import type { AuthenticationVerdict, InboundEmail, MethodVerdict } from './email-types.ts';
import { headerValues } from './header-block.ts';

/** DNS lookups of SPF, DKIM and DMARC records, as mailauth calls them; injectable for tests. */
export type DnsResolver = (name: string, type: string) => Promise<string[][] | string[]>;

export interface SenderAuthenticatorOptions {
  /** The receiving host's name: the authserv-id of the verdicts written here. */
  hostname: string;
  /** Default: the system resolver. */
  resolver?: DnsResolver;
  /** Relays (by the address they connect from) whose verdict SMTP mail carries. */
  trustedRelays: readonly TrustedRelay[];
  /** The authserv-id whose verdict webhook posts carry; unset: webhook mail is checked here. */
  webhookRelay?: string | undefined;
}

export interface SenderAuthenticator {
  /** Whether the message's From domain is vouched for, with every method's verdict. */
  verify(email: InboundEmail, fromAddress: string | undefined): Promise<AuthenticationVerdict>;
}

/** Results that say "try again later" rather than "no". */
const temporaryResults = new Set(['temperror', 'temperr']);

/**
 * Authenticates the sender of a message: SPF, DKIM and DMARC verified with mailauth (DNS through
 * the injected resolver), or the verdict of a trusted relay read from the first
 * `Authentication-Results` header carrying its authserv-id. A message passes when DMARC passes, or,
 * for a domain without a DMARC record, when an aligned DKIM signature or an aligned SPF pass vouches
 * for its From domain. A message with other than exactly one From header never passes.
 */
export function createSenderAuthenticator(options: SenderAuthenticatorOptions): SenderAuthenticator {
  const resolver: DnsResolver =
    options.resolver ??
    // Passed through as is: mailauth reads each answer in the shape of its record type.
    ((name, type) => dns.promises.resolve(name, type) as Promise<string[][] | string[]>);
  const relayAt = (address: string | undefined) => {
    const plain = address?.replace(/^::ffff:/i, '');
    return options.trustedRelays.find((relay) => plain !== undefined && relay.addresses.includes(plain));
  };
  return {
    async verify(email, fromAddress) {
      const relay =
        email.channel === 'webhook'
          ? options.webhookRelay
          : relayAt(email.envelope.remoteAddress)?.authservId;
      const fromHeaders = headerValues(email.raw, 'from').length;
      const verdict = relay
        ? relayVerdict(email.raw, relay.toLowerCase(), fromAddress)
        : await checkedVerdict(email, fromAddress, options.hostname, resolver);
      if (verdict.passed && (fromHeaders !== 1 || fromAddress === undefined)) {
        return { ...verdict, passed: false, reason: 'the message needs exactly one From address' };
      }
      return verdict;
    },
  };
}

async function checkedVerdict(
  email: InboundEmail,
  fromAddress: string | undefined,
  hostname: string,
  resolver: DnsResolver,
): Promise<AuthenticationVerdict> {
  const { envelope } = email;
  const smtp = email.channel === 'smtp' && envelope.remoteAddress !== undefined;
  const result: AuthenticateResult = await authenticate(email.raw, {
    mta: hostname,
    resolver,
    disableBimi: true,
    ...(smtp
      ? {
          ip: envelope.remoteAddress?.replace(/^::ffff:/i, ''),
          ...(envelope.helo ? { helo: envelope.helo } : {}),
          ...(envelope.mailFrom ? { sender: envelope.mailFrom } : {}),
        }
      : // A post carries no connection: the client and envelope come from the topmost Received.
        { trustReceived: true }),
  });
  const from = fromAddress ?? '';
  const spf: MethodVerdict | null = result.spf
    ? {
        result: result.spf.status.result,
        domain: result.spf.domain,
        ...(result.spf.status.comment ? { comment: result.spf.status.comment } : {}),
        aligned: domainsAligned(result.spf.domain, from),
      }
    : null;
  const dkim: MethodVerdict[] = result.dkim.results.map((signature) => ({
    result: signature.status.result,
    domain: signature.signingDomain,
    ...(signature.selector ? { selector: signature.selector } : {}),
    ...(signature.status.comment ? { comment: signature.status.comment } : {}),
    aligned: Boolean(signature.signingDomain) && domainsAligned(signature.signingDomain, from),
  }));
  const dmarc: MethodVerdict | null = result.dmarc
    ? {
        result: result.dmarc.status.result,
        domain: result.dmarc.domain,
        ...(result.dmarc.policy ? { policy: result.dmarc.policy } : {}),
        ...(typeof result.dmarc.status.comment === 'string' ? { comment: result.dmarc.status.comment } : {}),
      }
    : null;
  const header = result.headers.split(/\r\n(?=\S)/).find((line) => /^authentication-results:/i.test(line));
  return decide({ method: 'checked', spf, dkim, dmarc, header: header?.trim() ?? '' }, from);
}

function relayVerdict(raw: Buffer, relay: string, fromAddress: string | undefined): AuthenticationVerdict {
  const from = fromAddress ?? '';
  // The relay prepends its header: the first one with its authserv-id is its own; any lower one
  // with the same id came with the message and proves nothing.
  for (const value of headerValues(raw, 'authentication-results')) {
    const parsed = parseAuthenticationResults(value);
    if (parsed?.authservId !== relay) continue;
    const of = (method: string) => parsed.results.filter((entry) => entry.method === method);
    const spfEntry = of('spf')[0];
    const dmarcEntry = of('dmarc')[0];
    const spfDomain = spfEntry
      ? domainOf(
          spfEntry.properties['smtp.mailfrom'] ??
            spfEntry.properties['envelope-from'] ??
            spfEntry.properties['smtp.helo'] ??
            '',
        )
      : '';
    const verdict = decide(
      {
        method: 'relay',
        relay,
        spf: spfEntry
          ? withComment(spfEntry, { domain: spfDomain, aligned: domainsAligned(spfDomain, from) })
          : null,
        dkim: of('dkim').map((entry) => {
          const domain = domainOf(entry.properties['header.d'] ?? entry.properties['header.i'] ?? '');
          return withComment(entry, {
            domain,
            ...(entry.properties['header.s'] ? { selector: entry.properties['header.s'] } : {}),
            aligned: domainsAligned(domain, from),
          });
        }),
        dmarc: dmarcEntry
          ? withComment(dmarcEntry, { domain: domainOf(dmarcEntry.properties['header.from'] ?? '') })
          : null,
        header: `Authentication-Results: ${value.trim()}`,
      },
      from,
    );
    return verdict;
  }
  return {
    passed: false,
    method: 'relay',
    relay,
    reason: `no Authentication-Results from the trusted relay ${relay}`,
    spf: null,
    dkim: [],
    dmarc: null,
    header: '',
  };
}

function withComment(entry: ResultEntry, fields: Omit<MethodVerdict, 'result'>): MethodVerdict {
  return { result: entry.result, ...fields, ...(entry.comment ? { comment: entry.comment } : {}) };
}

/** Applies the channel's rule to the verdicts of each method. */
function decide(
  verdicts: Omit<AuthenticationVerdict, 'passed' | 'reason'>,
  from: string,
): AuthenticationVerdict {
  const { dmarc, dkim, spf } = verdicts;
  const fail = (reason: string, temporary = false) => ({
    ...verdicts,
    passed: false,
    reason,
    ...(temporary ? { temporary: true } : {}),
  });
  if (dmarc?.result === 'pass') {
    // The verdict must be about this From domain, not another header's.
    if (dmarc.domain && !domainsAligned(dmarc.domain, from)) return fail('DMARC passed for another domain');
    return { ...verdicts, passed: true };
  }
  if (dmarc && temporaryResults.has(dmarc.result)) return fail('DMARC could not be evaluated', true);
  if (dmarc && dmarc.result !== 'none') return fail(`DMARC ${dmarc.result}`);
  if (dkim.some((signature) => signature.result === 'pass' && signature.aligned))
    return { ...verdicts, passed: true };
  if (spf?.result === 'pass' && spf.aligned) return { ...verdicts, passed: true };
  const temporary =
    dkim.some((signature) => temporaryResults.has(signature.result)) ||
    (spf !== null && temporaryResults.has(spf.result));
  return fail('no aligned DKIM signature or SPF pass for the From domain', temporary);
}
