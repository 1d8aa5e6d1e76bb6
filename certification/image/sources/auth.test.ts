import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialsFromAuthFile, defaultAuthFiles, parseChallenge, parseCreds, resolveCredentials } from './auth';
import { parseRetryAfter } from './http';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'assay-auth-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseChallenge', () => {
  it('reads Bearer parameters, quoted values with commas and escapes included', () => {
    expect(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.example.com/token', service: 'registry.example.com', scope: 'repository:a/b:pull,push' },
    });
    expect(parseChallenge('Basic realm="say \\"hi\\""')).toEqual({ scheme: 'basic', params: { realm: 'say "hi"' } });
    expect(parseChallenge(undefined)).toBeUndefined();
  });
});

describe('credentials', () => {
  it('splits --creds at the first colon only', () => {
    expect(parseCreds('user:pa:ss')).toEqual({ username: 'user', password: 'pa:ss' });
    expect(() => parseCreds('nocolon')).toThrow(/USERNAME:PASSWORD/);
  });

  it('reads Docker config.json keys written with a scheme, and docker.io aliases', () => {
    const file = path.join(tmp, 'config.json');
    writeFileSync(file, JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw').toString('base64') } } }));
    expect(credentialsFromAuthFile(file, 'docker.io', 'library/busybox')).toEqual({ username: 'hub', password: 'pw' });
    expect(credentialsFromAuthFile(file, 'quay.io', 'x/y')).toBeUndefined();
  });

  it('looks in REGISTRY_AUTH_FILE, then XDG_RUNTIME_DIR, then ~/.docker, and stops at the first match', () => {
    expect(defaultAuthFiles({ REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run/u', HOME: '/home/u' })).toEqual([
      '/a.json',
      '/run/u/containers/auth.json',
      '/home/u/.docker/config.json',
    ]);
    const xdg = path.join(tmp, 'run');
    const home = path.join(tmp, 'home');
    for (const [dir, user] of [[path.join(xdg, 'containers'), 'xdg'], [path.join(home, '.docker'), 'home']] as const) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, dir.endsWith('containers') ? 'auth.json' : 'config.json'), JSON.stringify({ auths: { 'r.example.com': { auth: Buffer.from(`${user}:x`).toString('base64') } } }));
    }
    expect(resolveCredentials('r.example.com', 'a/b', { env: { XDG_RUNTIME_DIR: xdg, HOME: home } })?.username).toBe('xdg');
    expect(resolveCredentials('r.example.com', 'a/b', { env: { HOME: home } })?.username).toBe('home');
    expect(resolveCredentials('other.example.com', 'a/b', { env: { HOME: home } })).toBeUndefined();
  });

  it('says what is wrong with an unreadable or malformed authfile', () => {
    expect(() => resolveCredentials('r', 'a', { authfile: path.join(tmp, 'missing.json') })).toThrow(/expected an existing file/);
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{not json');
    expect(() => credentialsFromAuthFile(bad, 'r', 'a')).toThrow(/expected a readable JSON file/);
    writeFileSync(bad, JSON.stringify({ auths: { r: { auth: Buffer.from('nocolon').toString('base64') } } }));
    expect(() => credentialsFromAuthFile(bad, 'r', 'a')).toThrow(/base64 of USER:PASS/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
