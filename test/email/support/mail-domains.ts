import { generateKeyPairSync } from 'node:crypto';
import type { DnsResolver } from '../../../src/email/index.ts';

/** A sender domain's DKIM key: the private half signs, the public half is in the fixture DNS. */
export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: string;
  /** The `selector._domainkey.domain` TXT record. */
  record: string;
}

export function createDkimKey(domain: string, selector = 'mail'): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

/** A resolver answering only from its records (offline); anything else is ENOTFOUND, as DNS says. */
export interface DnsFixture {
  resolver: DnsResolver;
  /** Every name asked, as `TYPE name`. */
  lookups: string[];
  set(type: string, name: string, values: string[]): void;
}

export function createDnsFixture(): DnsFixture {
  const records = new Map<string, string[]>();
  const lookups: string[] = [];
  return {
    lookups,
    set(type, name, values) {
      records.set(`${type.toUpperCase()} ${name.toLowerCase()}`, values);
    },
    async resolver(name, type) {
      const key = `${type.toUpperCase()} ${name.toLowerCase().replace(/\.$/, '')}`;
      lookups.push(key);
      const values = records.get(key);
      if (!values) {
        throw Object.assign(new Error(`query${type} ENOTFOUND ${name}`), {
          code: 'ENOTFOUND',
          hostname: name,
        });
      }
      // TXT answers come as lists of character strings, other types as plain values.
      return type.toUpperCase() === 'TXT' ? values.map((value) => [value]) : values;
    },
  };
}

/** The seeded suppliers' mail domains with DKIM keys, SPF that allows only their own servers, DMARC p=reject. */
export interface SupplierMailDomains {
  dns: DnsFixture;
  northwind: DkimKey;
  bluepeak: DkimKey;
  /** A key nobody published: what a spoofer signs with. */
  attacker: DkimKey;
}

export function supplierMailDomains(): SupplierMailDomains {
  const dns = createDnsFixture();
  const northwind = createDkimKey('northwind-components.example');
  const bluepeak = createDkimKey('bluepeak-office.example');
  const attacker = createDkimKey('northwind-components.example');
  for (const key of [northwind, bluepeak]) {
    dns.set('TXT', `${key.selector}._domainkey.${key.domain}`, [key.record]);
    // The suppliers' own servers only: mail from the test client (127.0.0.1) fails SPF, so DKIM decides.
    dns.set('TXT', key.domain, ['v=spf1 ip4:192.0.2.25 -all']);
    dns.set('TXT', `_dmarc.${key.domain}`, ['v=DMARC1; p=reject']);
  }
  return { dns, northwind, bluepeak, attacker };
}
