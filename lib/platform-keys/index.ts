import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { db } from '../db/client';
import { loadKeyring, rotateKeyring, type Keyring, type KeyringEvent, type KeyringOptions, type PlatformKey } from './keyring';

export { KeyringError, keyringDir, PLATFORM_KEY_ALGORITHM, type Keyring, type PlatformKey } from './keyring';

export const PLATFORM_KEYS_ACTOR: Actor = { kind: 'system', label: 'platform-keys' };

async function auditEvents(events: KeyringEvent[], actor: Actor, sourceIp: string | null = null): Promise<void> {
  if (!events.length) return;
  await db().$transaction(async (tx) => {
    for (const e of events) {
      await recordAudit(tx, {
        actor,
        action: e.action,
        objectType: 'platform-key',
        objectId: e.key.keyId,
        sourceIp,
        before: 'retired' in e && e.retired ? { current: e.retired.keyId, retiredAt: e.retired.notAfter?.toISOString() ?? null } : null,
        after: { current: e.key.keyId, algorithm: e.key.algorithm, source: e.key.source, notBefore: e.key.notBefore.toISOString() },
      });
    }
  });
}

/** The keyring, generated on first use (and that creation audited). */
export async function platformKeyring(opts: KeyringOptions = {}): Promise<Keyring> {
  const { keyring, events } = loadKeyring(opts);
  await auditEvents(events, PLATFORM_KEYS_ACTOR);
  return keyring;
}

/** `npm run keys:rotate`: a new current key; the old one stays listed and verifying. Audited. */
export async function rotatePlatformKey(opts: KeyringOptions & { actor?: Actor; sourceIp?: string | null } = {}): Promise<Keyring> {
  const { keyring, events } = rotateKeyring(opts);
  await auditEvents(events, opts.actor ?? PLATFORM_KEYS_ACTOR, opts.sourceIp ?? null);
  return keyring;
}

export interface PublicKeyEntry {
  keyId: string;
  algorithm: PlatformKey['algorithm'];
  /** PEM SubjectPublicKeyInfo. */
  publicKey: string;
  status: 'current' | 'previous';
  /** The key signs statements issued from notBefore up to notAfter (null while current). */
  notBefore: string;
  notAfter: string | null;
}

export interface KeysDocument {
  issuer: string;
  keys: PublicKeyEntry[];
}

/** What `/.well-known/assay/keys.json` serves: the public halves, with their signing windows. */
export function keysDocument(keyring: Keyring, issuer: string): KeysDocument {
  return {
    issuer,
    keys: keyring.keys.map((k) => ({
      keyId: k.keyId,
      algorithm: k.algorithm,
      publicKey: k.publicKeyPem,
      status: k.notAfter === null ? 'current' : 'previous',
      notBefore: k.notBefore.toISOString(),
      notAfter: k.notAfter?.toISOString() ?? null,
    })),
  };
}
