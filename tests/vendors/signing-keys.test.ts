import { createHash, generateKeyPairSync } from 'node:crypto';
import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import { actorOf, auditSince, bearer, call, errorOf, lastAuditId, makeOrganizationWith } from '../support/accounts';
import { makeToken, makeUser } from '../support/factories';
import type { Db } from '../../lib/db/client';
import { parsePublicKey } from '../../lib/server/signing-keys/parse-public-key';
import { addSigningKey } from '../../lib/server/signing-keys/add-signing-key';
import { revokeSigningKey } from '../../lib/server/signing-keys/revoke-signing-key';
import { listSigningKeys } from '../../lib/server/signing-keys/list-signing-keys';
import { POST as addKeyRoute, GET as listKeysRoute } from '../../app/api/v1/vendors/[vendor]/signing-keys/route';

let prisma: Db;
let ownerId: string;
let orgId: string;
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
  ownerId = (await makeUser(prisma)).id;
  orgId = (await makeOrganizationWith(prisma, 'signer', [{ userId: ownerId, role: 'owner' }])).id;
});

function spkiFingerprint(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha256').update(der).digest('hex');
}

describe('when parsing PEM public keys', () => {
  it.each([
    ['ECDSA P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'ecdsa-p256'],
    ['ECDSA P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }), 'ecdsa-p384'],
    ['Ed25519', () => generateKeyPairSync('ed25519'), 'ed25519'],
    ['RSA 2048', () => generateKeyPairSync('rsa', { modulusLength: 2048 }), 'rsa-2048'],
  ])('accepts %s with the SHA-256 SPKI fingerprint', async (_label, make, algorithm) => {
    const pem = make().publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const parsed = await parsePublicKey(pem);
    expect(parsed).toMatchObject({ kind: 'pem', algorithm, fingerprint: spkiFingerprint(pem) });
  });

  it('accepts the same key as binary DER with the same fingerprint', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    expect((await parsePublicKey(new Uint8Array(der))).fingerprint).toBe(createHash('sha256').update(der).digest('hex'));
  });

  it('refuses RSA-1024, other curves, private keys and garbage with clear messages', async () => {
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await errorOf(parsePublicKey(rsa1024))).message).toBe('Expected an RSA key of at least 2048 bits, got 1024 bits.');
    const k256 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect((await errorOf(parsePublicKey(k256))).message).toContain('P-256 or P-384, got curve secp256k1');
    const priv = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect((await errorOf(parsePublicKey(priv))).message).toContain('got a private key');
    const garbage = await errorOf(parsePublicKey('hello, this is not a key'));
    expect(garbage).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ field: 'publicKey' }] } });
    expect((await errorOf(parsePublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'))).message).toContain('not a valid public key');
  });
});

describe('when parsing OpenPGP public keys', () => {
  it('accepts armored and binary keys with the upper-case fingerprint and user ids', async () => {
    const { publicKey } = await openpgp.generateKey({ userIDs: [{ name: 'Release Bot', email: 'release@signer.example' }], format: 'object' });
    const armored = await parsePublicKey(publicKey.armor());
    expect(armored).toMatchObject({
      kind: 'openpgp',
      algorithm: 'openpgp-ed25519',
      fingerprint: publicKey.getFingerprint().toUpperCase(),
      identities: ['Release Bot <release@signer.example>'],
    });
    expect(armored.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const binary = await parsePublicKey(publicKey.write());
    expect(binary.fingerprint).toBe(armored.fingerprint);
    const rsa = await openpgp.generateKey({ type: 'rsa', rsaBits: 2048, userIDs: [{ name: 'R' }], format: 'object' });
    expect((await parsePublicKey(rsa.publicKey.armor())).algorithm).toBe('openpgp-rsa-2048');
  });

  it('refuses private, revoked and expired keys', async () => {
    const { privateKey } = await openpgp.generateKey({ userIDs: [{ name: 'P' }], format: 'object' });
    expect((await errorOf(parsePublicKey(privateKey.armor()))).message).toContain('got a private key');
    const { publicKey: revoked } = await openpgp.revokeKey({ key: privateKey, format: 'object' });
    expect((await errorOf(parsePublicKey(revoked.armor()))).message).toBe('This OpenPGP key is revoked.');
    const old = await openpgp.generateKey({ userIDs: [{ name: 'Old' }], keyExpirationTime: 60, date: new Date(Date.now() - 3_600_000), format: 'object' });
    expect((await errorOf(parsePublicKey(old.publicKey.armor()))).message).toMatch(/^This OpenPGP key expired on \d{4}-\d{2}-\d{2}\.$/);
  });
});

describe('when a vendor registers signing keys', () => {
  it('adds a key once (duplicate fingerprint refused), lists and revokes it, each audited once', async () => {
    const actor = await actorOf(prisma, ownerId);
    const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    let before = await lastAuditId(prisma);
    const key = await addSigningKey({ actor, sourceIp: null, slug: 'signer', input: { name: 'cosign', publicKey: pem } });
    expect(key).toMatchObject({ kind: 'pem', algorithm: 'ed25519', fingerprint: spkiFingerprint(pem) });
    expect((await auditSince(prisma, before)).map((e) => [e.action, e.actorUserId])).toEqual([['signing-key.add', ownerId]]);

    const dup = await errorOf(addSigningKey({ actor, sourceIp: null, slug: 'signer', input: { name: 'again', publicKey: pem } }));
    expect(dup).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('already registered') });

    before = await lastAuditId(prisma);
    await revokeSigningKey({ actor, sourceIp: null, slug: 'signer', keyId: key.id });
    expect((await auditSince(prisma, before)).map((e) => e.action)).toEqual(['signing-key.revoke']);
    const listed = await listSigningKeys({ actor, slug: 'signer' });
    expect(listed.find((k) => k.id === key.id)?.revokedAt).toBeInstanceOf(Date);
  });

  it('accepts a key from CI with a signing-keys.write token (binary OpenPGP as base64)', async () => {
    const { token, id: tokenId } = await makeToken(prisma, { organizationId: orgId, createdById: ownerId, scopes: ['signing-keys.write', 'signing-keys.read'] });
    const { publicKey } = await openpgp.generateKey({ userIDs: [{ name: 'CI', email: 'ci@signer.example' }], format: 'object' });
    const res = await call(addKeyRoute, '/api/v1/vendors/signer/signing-keys', { vendor: 'signer' }, {
      method: 'POST',
      headers: bearer(token),
      body: { name: 'ci key', publicKey: Buffer.from(publicKey.write()).toString('base64'), encoding: 'base64' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'openpgp', fingerprint: publicKey.getFingerprint().toUpperCase(), identities: ['CI <ci@signer.example>'] });
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { objectId: res.body.id } });
    expect(event).toMatchObject({ actorType: 'token', actorTokenId: tokenId, action: 'signing-key.add' });
    const list = await call(listKeysRoute, '/api/v1/vendors/signer/signing-keys', { vendor: 'signer' }, { headers: bearer(token) });
    expect(list.body.items.map((k: { id: string }) => k.id)).toContain(res.body.id);

    const bad = await call(addKeyRoute, '/api/v1/vendors/signer/signing-keys', { vendor: 'signer' }, { method: 'POST', headers: bearer(token), body: { name: '', publicKey: 'junk' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.issues.map((i: { field: string }) => i.field)).toEqual(['name']);
  });
});
