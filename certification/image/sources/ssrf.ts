import { isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { CertificationError } from '../../errors';

// Registry URLs come from ISVs; on the platform server a URL must not reach the server's own
// network (metadata service, databases, loopback admin ports). The check runs on resolved
// addresses and the connection uses exactly the address that was checked.
export interface SsrfGuardOptions {
  enabled: boolean;
  /** Host names (exact, case-insensitive) or CIDRs (`10.1.0.0/16`, `fd00::/8`) that may be reached anyway. */
  allow?: string[];
}

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'cgnat'
  | 'multicast'
  | 'reserved';

interface ParsedIp {
  family: 4 | 6;
  value: bigint;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

function parseIpv6(input: string): bigint | undefined {
  let s = input.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  let tail: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail = parseIpv4(s.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

export function parseIp(address: string): ParsedIp | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) {
    const v = parseIpv4(bare);
    return v === undefined ? undefined : { family: 4, value: v };
  }
  if (isIP(bare.split('%')[0] ?? '') === 6) {
    const v = parseIpv6(bare);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  return undefined;
}

interface Cidr {
  family: 4 | 6;
  base: bigint;
  bits: number;
}

export function parseCidr(value: string): Cidr | undefined {
  const [addr, bitsText] = value.split('/');
  const ip = addr ? parseIp(addr) : undefined;
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
  return { family: ip.family, base: ip.value, bits };
}

function inCidr(ip: ParsedIp, c: Cidr): boolean {
  if (ip.family !== c.family) return false;
  const width = BigInt(ip.family === 4 ? 32 : 128);
  const shift = width - BigInt(c.bits);
  return ip.value >> shift === c.base >> shift;
}

const V4_RANGES: Array<[string, AddressClass]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback'],
  ['10.0.0.0/8', 'private'],
  ['172.16.0.0/12', 'private'],
  ['192.168.0.0/16', 'private'],
  ['169.254.0.0/16', 'link-local'],
  ['100.64.0.0/10', 'cgnat'],
  ['192.0.0.0/24', 'reserved'],
  ['198.18.0.0/15', 'reserved'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];
const V6_RANGES: Array<[string, AddressClass]> = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'private'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
];
const V4 = V4_RANGES.map(([c, k]) => [parseCidr(c)!, k] as const);
const V6 = V6_RANGES.map(([c, k]) => [parseCidr(c)!, k] as const);
const MAPPED = [parseCidr('::ffff:0:0/96')!, parseCidr('64:ff9b::/96')!, parseCidr('::/96')!];

/** Classifies an IP address; IPv4 embedded in IPv6 (mapped, NAT64, compatible) is judged as IPv4. */
export function classifyAddress(address: string): AddressClass {
  const ip = parseIp(address);
  if (!ip) throw new CertificationError('INVALID_REFERENCE', `expected an IP address, got "${address}"`);
  if (ip.family === 6) {
    if (ip.value === 0n) return 'unspecified';
    if (ip.value === 1n) return 'loopback';
  }
  return classifyParsed(embeddedV4(ip));
}

function embeddedV4(ip: ParsedIp): ParsedIp {
  if (ip.family === 6 && ip.value > 1n && MAPPED.some((c) => inCidr(ip, c))) {
    return { family: 4, value: ip.value & 0xffffffffn };
  }
  return ip;
}

function classifyParsed(ip: ParsedIp): AddressClass {
  for (const [cidr, kind] of ip.family === 4 ? V4 : V6) if (inCidr(ip, cidr)) return kind;
  return 'public';
}

export function isAllowListed(host: string, address: string | undefined, allow: string[] | undefined): boolean {
  if (!allow?.length) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  const ip = address ? parseIp(address) : parseIp(h);
  for (const entry of allow) {
    const cidr = parseCidr(entry);
    if (cidr) {
      if (ip && (inCidr(ip, cidr) || inCidr(embeddedV4(ip), cidr))) return true;
    } else if (entry.toLowerCase() === h) {
      return true;
    }
  }
  return false;
}

/** Throws ADDRESS_BLOCKED when `address` (what `host` resolved to) is internal and not allow-listed. */
export function assertAddressAllowed(host: string, address: string, guard: SsrfGuardOptions | undefined): void {
  if (!guard?.enabled) return;
  const kind = classifyAddress(address);
  if (kind === 'public') return;
  if (isAllowListed(host, address, guard.allow)) return;
  throw new CertificationError(
    'ADDRESS_BLOCKED',
    `refusing to connect to ${host} (${address}): expected a public address, got a ${kind} one; allow-list it to reach it`,
    { host, address, kind },
  );
}

/** A `lookup` for http agents: resolves, checks every address, and hands only checked ones to connect. */
export function guardedLookup(guard: SsrfGuardOptions | undefined): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as Array<{ address: string; family: number }>;
      try {
        for (const a of list) assertAddressAllowed(hostname, a.address, guard);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as (e: null, a: typeof list) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
