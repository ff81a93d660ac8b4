import type { buildConnector } from 'undici';
import { describe, expect, it } from 'vitest';
import { SsrfBlockedError } from './errors.ts';
import { createGuardedConnector, type ResolveHost } from './guarded-connector.ts';
import { createAddressPolicy, type AllowListOptions } from './ip-policy.ts';

/**
 * The connector is driven directly with a recording socket opener in place of undici's
 * (the network edge), so refused addresses can be tried without a single packet leaving
 * the machine. The same connector runs under guarded-fetch's tests against real servers.
 */
function harness(resolve: ResolveHost, allow: AllowListOptions = {}) {
  const opened: buildConnector.Options[] = [];
  const openSocket: buildConnector.connector = (options, callback) => {
    opened.push(options);
    callback(new Error('recording opener: no socket'), null);
  };
  const connector = createGuardedConnector({
    policy: createAddressPolicy(allow),
    resolve,
    connectTimeoutMs: 1000,
    openSocket,
  });
  const connect = (url: string) =>
    new Promise<Error>((resolve) => {
      const u = new URL(url);
      connector({ hostname: u.hostname, host: u.host, protocol: u.protocol, port: u.port }, (...result) =>
        resolve(result[0] ?? new Error('unexpected socket')),
      );
    });
  return { opened, connect };
}

const noDns: ResolveHost = () => Promise.reject(new Error('no DNS expected'));

describe('createGuardedConnector', () => {
  it.each([
    ['http://10.0.0.5/', '10.0.0.5', 'private'],
    ['http://172.20.1.1/', '172.20.1.1', 'private'],
    ['http://192.168.0.1:8080/', '192.168.0.1', 'private'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'linkLocal'],
    ['http://100.64.1.1/', '100.64.1.1', 'carrierGradeNat'],
    ['http://0.0.0.0/', '0.0.0.0', 'unspecified'],
    ['http://224.0.0.251/', '224.0.0.251', 'multicast'],
    ['http://240.1.1.1/', '240.1.1.1', 'reserved'],
    ['https://[fd00::1]/', 'fd00::1', 'uniqueLocal'],
    ['http://[fe80::1]/', 'fe80::1', 'linkLocal'],
    ['http://[ff02::1]/', 'ff02::1', 'multicast'],
    ['http://[::ffff:169.254.169.254]/', '169.254.169.254', 'linkLocal'],
    ['http://[::ffff:10.1.1.1]/', '10.1.1.1', 'private'],
    ['http://2852039166/', '169.254.169.254', 'linkLocal'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254', 'linkLocal'],
    ['http://012.0.0.1/', '10.0.0.1', 'private'],
  ])('refuses %s before any socket is opened', async (url, address, range) => {
    const { opened, connect } = harness(noDns);
    const error = await connect(url);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect(error).toMatchObject({ reason: 'address', address, range });
    expect(opened).toEqual([]);
  });

  it('refuses a name that resolves to a private address', async () => {
    const { opened, connect } = harness(async () => [{ address: '10.9.8.7', family: 4 }]);
    const error = await connect('https://metadata.example/');
    expect(error).toMatchObject({ reason: 'address', hostname: 'metadata.example', address: '10.9.8.7' });
    expect(error.message).toContain('10.9.8.7 is a private address (host metadata.example)');
    expect(opened).toEqual([]);
  });

  it('refuses a name when any one of its addresses is private, even if a public one comes first', async () => {
    const { opened, connect } = harness(async () => [{ address: '93.184.216.34' }, { address: '127.0.0.1' }]);
    expect(await connect('http://mixed.example/')).toMatchObject({ address: '127.0.0.1', range: 'loopback' });
    expect(opened).toEqual([]);
  });

  it('connects to the address it checked, with TLS still naming the original host', async () => {
    let lookups = 0;
    // A rebinding resolver: public on the first answer, loopback on every later one.
    const rebinding: ResolveHost = async () => [{ address: lookups++ === 0 ? '93.184.216.34' : '127.0.0.1' }];
    const { opened, connect } = harness(rebinding);
    await connect('https://rebind.example/');
    expect(lookups).toBe(1);
    expect(opened).toEqual([
      expect.objectContaining({ hostname: '93.184.216.34', servername: 'rebind.example', port: '443' }),
    ]);
  });

  it('tries the next checked address when a connect fails', async () => {
    const { opened, connect } = harness(async () => [{ address: '2606:4700::1' }, { address: '93.184.216.34' }]);
    await connect('http://two.example:8080/');
    expect(opened.map((o) => [o.hostname, o.port])).toEqual([
      ['2606:4700::1', '8080'],
      ['93.184.216.34', '8080'],
    ]);
  });

  it('lets an allow-listed host:port through and nothing else on that host', async () => {
    const { opened, connect } = harness(noDns, { allowHosts: ['10.0.0.5:9000'] });
    await connect('http://10.0.0.5:9000/');
    expect(opened).toHaveLength(1);
    expect(await connect('http://10.0.0.5:9001/')).toBeInstanceOf(SsrfBlockedError);
    expect(opened).toHaveLength(1);
  });

  it('passes resolver failures on as they are', async () => {
    const { connect } = harness(() => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })));
    expect(await connect('http://missing.example/')).toMatchObject({ code: 'ENOTFOUND' });
  });
});
