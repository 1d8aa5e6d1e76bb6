import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { keysDocument, platformKeyring, rotatePlatformKey, type KeysDocument } from '../../lib/platform-keys';
import { buildCertificationStatement, signCertificationStatement, type CertificationPredicate } from '../../lib/certifications/statement';
import { parseKeysDocument, verifyCertificationStatement } from '../../certification/certifications/verify-statement';
import * as keysRoute from '../../app/.well-known/assay/keys.json/route';
import { call } from '../support/accounts';
import { useTestDatabase } from '../support/db';

let prisma: Db;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-keys-'));
const keyFile = path.join(dataDir, 'platform-keys', 'keyring.json');

beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  process.env.ASSAY_DATA_DIR = dataDir;
  process.env.ASSAY_ENCRYPTION_KEY = 'test-encryption-key-material-0123456789';
  delete process.env.ASSAY_SIGNING_KEY_FILE;
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  delete process.env.ASSAY_SIGNING_KEY_FILE;
});

const spkiId = (pem: string) => createHash('sha256').update(createPublicKey(pem).export({ type: 'spki', format: 'der' })).digest('hex');

function predicate(issuedAt: Date): CertificationPredicate {
  return {
    platformUrl: 'http://localhost:3000/',
    statusUrl: 'http://localhost:3000/api/v1/certifications/x',
    vendor: { slug: 'acme', name: 'Acme' },
    product: { slug: 'app', name: 'App', repository: 'registry.example.com/acme/app' },
    policy: null,
    checks: [],
    grade: 'A',
    waivers: [],
    reviewer: null,
    issuedAt: issuedAt.toISOString(),
    expiresAt: new Date(issuedAt.getTime() + 86_400_000).toISOString(),
  };
}

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('the platform keyring', () => {
  let firstKeyId: string;
  let oldEnvelope: ReturnType<typeof signCertificationStatement>;
  let oldIssuedAt: Date;

  it('is generated on first use: ECDSA P-256, key id = SHA-256 of the DER SPKI, private key encrypted, mode 600, audited', async () => {
    const before = await prisma.auditEvent.count({ where: { action: 'platform-key.create' } });
    const keyring = await platformKeyring();
    firstKeyId = keyring.current.keyId;
    expect(keyring.current.algorithm).toBe('ecdsa-p256');
    expect(keyring.current.signer.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(firstKeyId).toBe(spkiId(keyring.current.publicKeyPem));
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(keyFile, 'utf8');
    expect(text).not.toContain('PRIVATE KEY');
    expect(JSON.parse(text).keys[0].privateKey).toMatch(/^v1\./);
    expect(await prisma.auditEvent.count({ where: { action: 'platform-key.create', objectId: firstKeyId } })).toBe(before + 1);
  });

  it('persists: the next load (another process, same data dir) uses the same key and audits nothing new', async () => {
    const events = await prisma.auditEvent.count();
    const again = await platformKeyring();
    expect(again.current.keyId).toBe(firstKeyId);
    expect(again.keys).toHaveLength(1);
    expect(await prisma.auditEvent.count()).toBe(events);
  });

  it('refuses to open the private key under another encryption key', async () => {
    await expect(platformKeyring({ encryptionKey: 'another-encryption-key-material-9876543210' })).rejects.toThrow(/encrypted with key/);
  });

  it('rotates: a new current key, the old one listed as previous with its window, old statements still verify', async () => {
    const keyring = await platformKeyring();
    oldIssuedAt = new Date(Date.now() - 60_000);
    oldEnvelope = signCertificationStatement(keyring.current.signer, buildCertificationStatement({ repository: 'registry.example.com/acme/app', digest: DIGEST, predicate: predicate(oldIssuedAt) }));

    const rotated = await rotatePlatformKey();
    expect(rotated.current.keyId).not.toBe(firstKeyId);
    expect(rotated.keys.map((k) => k.keyId)).toEqual([rotated.current.keyId, firstKeyId]);
    const audit = await prisma.auditEvent.findFirst({ where: { action: 'platform-key.rotate' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ objectType: 'platform-key', objectId: rotated.current.keyId });
    expect(audit!.before).toMatchObject({ current: firstKeyId });

    const res = await call(keysRoute.GET, '/.well-known/assay/keys.json', {});
    expect(res.status).toBe(200);
    const doc = res.body as KeysDocument;
    expect(doc.keys.map((k) => [k.keyId, k.status])).toEqual([
      [rotated.current.keyId, 'current'],
      [firstKeyId, 'previous'],
    ]);
    expect(doc.keys[0]).toMatchObject({ algorithm: 'ecdsa-p256', notAfter: null, publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(Date.parse(doc.keys[1]!.notAfter!)).toBeGreaterThanOrEqual(Date.parse(doc.keys[1]!.notBefore));

    const keys = parseKeysDocument(JSON.stringify(doc));
    const old = verifyCertificationStatement({ envelope: oldEnvelope, keys, digest: DIGEST });
    expect(old).toMatchObject({ ok: true, keyId: firstKeyId });
    const fresh = signCertificationStatement(rotated.current.signer, buildCertificationStatement({ repository: 'r.example.com/a/b', digest: DIGEST, predicate: predicate(new Date()) }));
    expect(verifyCertificationStatement({ envelope: fresh, keys, digest: DIGEST })).toMatchObject({ ok: true, keyId: rotated.current.keyId });
  });

  it('refuses a signature by a key not in keys.json, and a key used outside its signing window', async () => {
    const keyring = await platformKeyring();
    const retiredAt = keyring.keys[1]!.notAfter!;
    const doc = keysDocument(keyring, 'http://localhost:3000/');
    const keys = parseKeysDocument(JSON.stringify(doc));
    const late = new Date(retiredAt.getTime() + 3_600_000);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const impostor = signCertificationStatement(
      { ...keyring.current.signer, privateKey },
      buildCertificationStatement({ repository: 'r.example.com/a/b', digest: DIGEST, predicate: predicate(late) }),
    );
    expect(verifyCertificationStatement({ envelope: impostor, keys, digest: DIGEST, at: late })).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
    const oldKeyOnly = keys.filter((k) => k.keyId === firstKeyId);
    expect(verifyCertificationStatement({ envelope: oldEnvelope, keys: oldKeyOnly, digest: DIGEST, at: oldIssuedAt })).toMatchObject({ ok: true });
    const shifted = oldKeyOnly.map((k) => ({ ...k, validUntil: new Date(oldIssuedAt.getTime() - 3_600_000) }));
    expect(verifyCertificationStatement({ envelope: oldEnvelope, keys: shifted, digest: DIGEST, at: oldIssuedAt })).toMatchObject({ ok: false, code: 'KEY_NOT_VALID' });
  });

  it('uses a configured key (ASSAY_SIGNING_KEY_FILE) as current, keeps the generated ones as previous, and refuses rotate', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pemFile = path.join(dataDir, 'configured.pem');
    writeFileSync(pemFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    process.env.ASSAY_SIGNING_KEY_FILE = pemFile;
    try {
      const keyring = await platformKeyring();
      expect(keyring.current.source).toBe('configured');
      expect(keyring.current.keyId).toBe(spkiId(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()));
      expect(keyring.keys).toHaveLength(3);
      expect(keyring.keys.slice(1).every((k) => k.notAfter !== null)).toBe(true);
      expect(readFileSync(keyFile, 'utf8')).not.toContain(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().split('\n')[1]!);
      expect(await prisma.auditEvent.count({ where: { action: 'platform-key.configure', objectId: keyring.current.keyId } })).toBe(1);
      await expect(rotatePlatformKey()).rejects.toThrow(/ASSAY_SIGNING_KEY_FILE/);

      writeFileSync(pemFile, 'not a key');
      await expect(platformKeyring()).rejects.toThrow(/expected an unencrypted ECDSA P-256 private key/);
    } finally {
      delete process.env.ASSAY_SIGNING_KEY_FILE;
    }
    // Back to its own keys: a fresh generated key becomes current; the configured one stays verifiable.
    const back = await platformKeyring();
    expect(back.current.source).toBe('generated');
    expect(back.keys).toHaveLength(4);
  });
});
