import { BlockList, isIP } from 'node:net';

export type AddressClass = 'public' | 'private' | 'forbidden';

/** Never a webhook target: link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254), unspecified, multicast, broadcast. */
const forbidden = new BlockList();
forbidden.addSubnet('0.0.0.0', 8, 'ipv4');
forbidden.addSubnet('169.254.0.0', 16, 'ipv4');
forbidden.addSubnet('224.0.0.0', 4, 'ipv4');
forbidden.addSubnet('240.0.0.0', 4, 'ipv4');
forbidden.addAddress('::', 'ipv6');
forbidden.addSubnet('fe80::', 10, 'ipv6');
forbidden.addSubnet('ff00::', 8, 'ipv6');
forbidden.addAddress('fd00:ec2::254', 'ipv6');

/** The operator's own network: allowed only with WEBHOOKS_ALLOW_PRIVATE (tests, an ERP on the LAN). */
const privateRanges = new BlockList();
privateRanges.addSubnet('127.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4');
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4');
privateRanges.addSubnet('100.64.0.0', 10, 'ipv4');
privateRanges.addSubnet('198.18.0.0', 15, 'ipv4');
privateRanges.addAddress('::1', 'ipv6');
privateRanges.addSubnet('fc00::', 7, 'ipv6');

/** Where an IP address points; IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as its IPv4 address. Not an IP → forbidden. */
export function classifyAddress(address: string): AddressClass {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  const ip = mapped?.[1] ?? address;
  const family = isIP(ip);
  if (family === 0) return 'forbidden';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (forbidden.check(ip, type)) return 'forbidden';
  if (privateRanges.check(ip, type)) return 'private';
  return 'public';
}

export function isAddressAllowed(address: string, allowPrivate: boolean): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'private' && allowPrivate);
}

/** The host without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export type UrlProblem = 'invalid' | 'scheme' | 'credentials' | 'address';

/**
 * Checks an endpoint URL when it is saved: https, or http only when private targets are allowed (tests, a LAN); no
 * user:password@; a literal IP must be allowed. Host names are resolved and checked again at every delivery.
 */
export function urlProblem(raw: string, allowPrivate: boolean): UrlProblem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowPrivate)) return 'scheme';
  if (url.username !== '' || url.password !== '') return 'credentials';
  const host = bareHost(url);
  if (host === '') return 'invalid';
  if (isIP(host) !== 0 && !isAddressAllowed(host, allowPrivate)) return 'address';
  return null;
}
