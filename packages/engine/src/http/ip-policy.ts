import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses outbound HTTP may connect to. Default-deny: only what ipaddr.js calls
 * `unicast` (the public address space) passes; every special range it knows — loopback,
 * private, link-local (cloud metadata at 169.254.169.254), CGNAT, 0.0.0.0/8, multicast,
 * broadcast, reserved, documentation, unique-local, 6to4/Teredo, … — is refused, so a
 * range we forgot to list cannot slip through. The classification is ipaddr.js's, not
 * our own bit math.
 */

export interface AddressClass {
  /** The address as it will be connected to, embedded IPv4 unwrapped (`::ffff:7f00:1` → `127.0.0.1`). */
  address: string;
  /** ipaddr.js range name; `unicast` means public. `invalid` for anything that is not a strict IP literal. */
  range: string;
  isPublic: boolean;
}

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/** IPv6 forms that carry an IPv4 address in their low 32 bits: judge that address. */
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

function unwrap(ip: Ip): Ip {
  if (ip.kind() === 'ipv6' && EMBEDS_IPV4.has(ip.range())) {
    const bytes = ip.toByteArray().slice(12);
    return ipaddr.fromByteArray(bytes);
  }
  return ip;
}

/**
 * Parses only canonical literals (what DNS and the WHATWG URL parser produce). ipaddr.js
 * would also accept `0x7f.1` or `2130706433`; refusing those here keeps one meaning per
 * string — the URL parser has already turned such spellings into dotted quads.
 */
function parseStrict(address: string): Ip | undefined {
  if (isIP(address) === 0) return undefined;
  return unwrap(ipaddr.parse(address));
}

export function classifyAddress(address: string): AddressClass {
  const ip = parseStrict(address);
  if (!ip) return { address, range: 'invalid', isPublic: false };
  const range = ip.range();
  return { address: ip.toString(), range, isPublic: range === 'unicast' };
}

export interface AllowListOptions {
  /**
   * Hosts that may be reached even on a non-public address: `name`, `name:port`,
   * `127.0.0.1:8080`, `[::1]:8080`. A name entry trusts whatever the name resolves to
   * (the operator vouched for the name); an IP entry matches the connected address.
   * Without a port the entry matches every port.
   */
  allowHosts?: readonly string[];
  /** Address ranges that may be reached on any port, e.g. `10.20.0.0/16`. */
  allowCidrs?: readonly string[];
}

export interface ConnectTarget {
  /** Host as written in the URL, brackets removed. */
  hostname: string;
  port: number;
  /** The resolved address about to be connected to. */
  address: string;
}

export type AddressVerdict =
  { allowed: true; address: string; range: string } | { allowed: false; address: string; range: string };

export interface AddressPolicy {
  check(target: ConnectTarget): AddressVerdict;
}

interface HostRule {
  name?: string;
  ip?: string;
  port?: number;
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function parsePort(raw: string, entry: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) throw new Error(`allowHosts entry ${entry}: bad port`);
  return port;
}

function parseHostRule(entry: string): HostRule {
  let host = entry.trim();
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracketed) {
    host = bracketed[1] ?? '';
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], entry);
  } else if (isIP(host) !== 6) {
    const colon = host.lastIndexOf(':');
    if (colon !== -1) {
      port = parsePort(host.slice(colon + 1), entry);
      host = host.slice(0, colon);
    }
  }
  if (!host) throw new Error(`allowHosts entry ${entry}: empty host`);
  const ip = parseStrict(host);
  const rule: HostRule = ip ? { ip: ip.toString() } : { name: normaliseName(host) };
  if (port !== undefined) rule.port = port;
  return rule;
}

function parseCidr(entry: string): [Ip, number] {
  try {
    const [ip, bits] = ipaddr.parseCIDR(entry.trim());
    // A mapped-IPv6 CIDR (::ffff:10.0.0.0/104) means the IPv4 range it embeds.
    if (ip.kind() === 'ipv6' && EMBEDS_IPV4.has(ip.range()) && bits >= 96) return [unwrap(ip), bits - 96];
    return [ip, bits];
  } catch {
    throw new Error(`allowCidrs entry ${entry}: not a CIDR range`);
  }
}

export function createAddressPolicy(options: AllowListOptions = {}): AddressPolicy {
  const hostRules = (options.allowHosts ?? []).map(parseHostRule);
  const cidrs = (options.allowCidrs ?? []).map(parseCidr);

  return {
    check({ hostname, port, address }) {
      const ip = parseStrict(address);
      if (!ip) return { allowed: false, address, range: 'invalid' };
      const normalised = ip.toString();
      const range = ip.range();
      if (range === 'unicast') return { allowed: true, address: normalised, range };

      const name = normaliseName(hostname);
      const byHost = hostRules.some(
        (rule) =>
          (rule.port === undefined || rule.port === port) && (rule.name ? rule.name === name : rule.ip === normalised),
      );
      const byCidr = cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
      return { allowed: byHost || byCidr, address: normalised, range };
    },
  };
}
