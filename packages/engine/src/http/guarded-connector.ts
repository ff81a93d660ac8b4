import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { SsrfBlockedError } from './errors.ts';
import type { AddressPolicy } from './ip-policy.ts';

export interface ResolvedAddress {
  address: string;
  family?: number;
}

/** Name → addresses. Injectable so tests can make a name resolve to a private address. */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** getaddrinfo, like every other Node client: honours /etc/hosts (`localhost`). */
export const systemResolveHost: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface GuardedConnectorOptions {
  policy: AddressPolicy;
  resolve: ResolveHost;
  connectTimeoutMs: number;
  /**
   * Opens the socket to an already checked address; undici's own connector by default.
   * Tests pass a recording one to prove that a refused address never reaches a socket.
   */
  openSocket?: buildConnector.connector;
}

/**
 * The one place where an outbound socket is opened. It resolves the host itself, refuses
 * when ANY address is non-public (an attacker's name may return one public and one private
 * record), then connects to the very address it checked — the socket never does a second
 * lookup, so DNS rebinding between check and connect is impossible. TLS still verifies
 * the certificate against the original name (servername).
 *
 * Plugged into undici's Agent, it runs for every new connection, which covers every
 * redirect hop too.
 */
export function createGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connectSocket = options.openSocket ?? buildConnector({ timeout: options.connectTimeoutMs });

  return (connectOptions, callback) => {
    const hostname = connectOptions.hostname.replace(/^\[(.*)\]$/, '$1');
    const defaultPort = connectOptions.protocol === 'https:' ? 443 : 80;
    const port = Number(connectOptions.port) || defaultPort;
    const url = `${connectOptions.protocol}//${connectOptions.host ?? hostname}`;

    resolveChecked(options, hostname, port, url).then(
      (addresses) => {
        const servername = connectOptions.servername ?? (isIP(hostname) ? undefined : hostname);
        connectFirst(addresses, 0, undefined);

        // Addresses in resolver order; the next one is tried only when a connect fails.
        function connectFirst(list: readonly string[], index: number, lastError: Error | undefined): void {
          const address = list[index];
          if (address === undefined) {
            callback(lastError ?? new Error(`no address for ${hostname}`), null);
            return;
          }
          const attempt = { ...connectOptions, hostname: address, port: String(port) };
          if (servername !== undefined) attempt.servername = servername;
          connectSocket(attempt, (error, socket) => {
            if (error) connectFirst(list, index + 1, error);
            else callback(null, socket);
          });
        }
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

async function resolveChecked(
  { policy, resolve }: GuardedConnectorOptions,
  hostname: string,
  port: number,
  url: string,
): Promise<string[]> {
  const resolved = isIP(hostname) !== 0 ? [{ address: hostname }] : await resolve(hostname);
  if (resolved.length === 0) throw new Error(`${hostname} resolved to no address`);
  const addresses: string[] = [];
  for (const { address } of resolved) {
    const verdict = policy.check({ hostname, port, address });
    if (!verdict.allowed) {
      throw new SsrfBlockedError({ reason: 'address', url, hostname, address: verdict.address, range: verdict.range });
    }
    addresses.push(verdict.address);
  }
  return addresses;
}
