/** The domain of an address (`user@Example.COM` -> `example.com`); a bare domain is returned as is. */
export function domainOf(addressOrDomain: string): string {
  const at = addressOrDomain.lastIndexOf('@');
  return (at === -1 ? addressOrDomain : addressOrDomain.slice(at + 1))
    .trim()
    .toLowerCase()
    .replace(/\.$/, '');
}

/**
 * Relaxed alignment as DMARC means it, without a public-suffix list: the same domain, or one a
 * subdomain of the other (`mail.example.com` and `example.com`). Stricter than DMARC for sibling
 * subdomains; two siblings under a public suffix (`a.co.uk`, `b.co.uk`) never align, and a pass for a
 * suffix itself (`co.uk`) would need control of that suffix's DNS.
 */
export function domainsAligned(a: string, b: string): boolean {
  const left = domainOf(a);
  const right = domainOf(b);
  if (left === '' || right === '') return false;
  if (left === right) return true;
  const [shorter, longer] = left.length < right.length ? [left, right] : [right, left];
  return shorter.includes('.') && longer.endsWith(`.${shorter}`);
}
