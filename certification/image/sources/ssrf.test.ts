import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../test-support/registry';
import { HttpClient } from './http';
import { assertAddressAllowed, classifyAddress } from './ssrf';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['8.8.8.8', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['2001:4860:4860::8888', 'public'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('refuses something that is not an address', () => {
    expect(() => classifyAddress('example.com')).toThrow(/expected an IP address/);
  });
});

describe('assertAddressAllowed', () => {
  it('does nothing when the guard is off', () => {
    expect(() => assertAddressAllowed('h', '127.0.0.1', { enabled: false })).not.toThrow();
  });
  it('allows by CIDR (including IPv4-mapped IPv6) and by host name', () => {
    expect(() => assertAddressAllowed('h', '10.9.8.7', { enabled: true, allow: ['10.9.0.0/16'] })).not.toThrow();
    expect(() => assertAddressAllowed('h', '::ffff:10.9.8.7', { enabled: true, allow: ['10.9.0.0/16'] })).not.toThrow();
    expect(() => assertAddressAllowed('registry.internal', '10.0.0.5', { enabled: true, allow: ['Registry.Internal'] })).not.toThrow();
    expect(() => assertAddressAllowed('h', '10.10.0.1', { enabled: true, allow: ['10.9.0.0/16'] })).toThrow(/private/);
  });
});

describe('when the guard is enabled on a real connection', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer((_req, res) => {
      res.end('reached');
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('refuses loopback by IP literal and by name (after DNS), without sending a request', async () => {
    const port = server.host.split(':')[1];
    const client = new HttpClient({ ssrfGuard: { enabled: true }, retries: 0 });
    try {
      await expect(client.request(new URL(`http://127.0.0.1:${port}/x`))).rejects.toMatchObject({ code: 'ADDRESS_BLOCKED' });
      await expect(client.request(new URL(`http://localhost:${port}/y`))).rejects.toMatchObject({ code: 'ADDRESS_BLOCKED' });
      expect(server.requests).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('connects when the address is allow-listed', async () => {
    const port = server.host.split(':')[1];
    const client = new HttpClient({ ssrfGuard: { enabled: true, allow: ['127.0.0.0/8', '::1/128'] }, retries: 0 });
    try {
      const res = await client.request(new URL(`http://localhost:${port}/ok`));
      expect(res.status).toBe(200);
      res.body.resume();
      expect(server.requests).toContain('GET /ok');
    } finally {
      client.close();
    }
  });

  it('re-checks every redirect hop: an allowed host redirecting to a blocked one fails', async () => {
    const port = server.host.split(':')[1];
    const redirector = await startServer((_req, res) => {
      res.writeHead(302, { location: `http://[::1]:${port}/secret` });
      res.end();
    });
    const client = new HttpClient({ ssrfGuard: { enabled: true, allow: ['127.0.0.1/32'] }, retries: 0 });
    try {
      await expect(client.request(new URL(`${redirector.url}/blob`))).rejects.toMatchObject({ code: 'ADDRESS_BLOCKED', details: { address: '::1' } });
      expect(redirector.requests).toEqual(['GET /blob']);
    } finally {
      client.close();
      await redirector.stop();
    }
  });
});
