import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signingKeyFrom, type SigningKey } from '@/certification/signatures/sign';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';

// The platform's ECDSA P-256 keyring, kept in `$ASSAY_DATA_DIR/platform-keys/keyring.json` (mode 600,
// private keys encrypted with ASSAY_ENCRYPTION_KEY). One key is current and signs; previous keys stay
// listed with the window in which they signed, so statements they signed keep verifying.
// ASSAY_SIGNING_KEY_FILE (a PEM private key) overrides the current key; its public half is recorded
// here too, so replacing that file later keeps the old one verifiable.

export const PLATFORM_KEY_ALGORITHM = 'ecdsa-p256';
const FORMAT_VERSION = 1;
const LOCK_WAIT_MS = 10_000;
const STALE_LOCK_MS = 30_000;

export interface PlatformKey {
  /** Hex SHA-256 of the DER SubjectPublicKeyInfo. */
  keyId: string;
  algorithm: typeof PLATFORM_KEY_ALGORITHM;
  publicKeyPem: string;
  /** The key signs from this moment… */
  notBefore: Date;
  /** …until it is retired (null while current). */
  notAfter: Date | null;
  source: 'generated' | 'configured';
}

export interface Keyring {
  /** The signing key: its private half is only ever in memory. */
  current: PlatformKey & { signer: SigningKey };
  /** Current first, then previous keys, newest first. */
  keys: PlatformKey[];
}

export type KeyringEvent =
  | { action: 'platform-key.create'; key: PlatformKey }
  | { action: 'platform-key.rotate'; key: PlatformKey; retired: PlatformKey }
  | { action: 'platform-key.configure'; key: PlatformKey; retired: PlatformKey | null };

interface StoredKey {
  keyId: string;
  algorithm: typeof PLATFORM_KEY_ALGORITHM;
  publicKey: string;
  /** Encrypted PKCS#8 PEM; absent for a configured key (its private half stays in the operator's file). */
  privateKey?: string;
  notBefore: string;
  notAfter: string | null;
  source: 'generated' | 'configured';
}

interface StoredKeyring {
  version: number;
  keys: StoredKey[];
}

export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

export interface KeyringOptions {
  /** Defaults to $ASSAY_DATA_DIR (or .data). */
  dataDir?: string;
  /** Defaults to $ASSAY_SIGNING_KEY_FILE. */
  signingKeyFile?: string;
  /** Defaults to $ASSAY_ENCRYPTION_KEY. */
  encryptionKey?: string;
  now?: Date;
}

export function keyringDir(dataDir = process.env.ASSAY_DATA_DIR ?? '.data'): string {
  return path.resolve(dataDir, 'platform-keys');
}

const keyringFile = (dir: string) => path.join(dir, 'keyring.json');
const privateKeyContext = (keyId: string) => `platform-key:${keyId}`;

function readStored(dir: string): StoredKeyring | null {
  const file = keyringFile(dir);
  if (!existsSync(file)) return null;
  let json: StoredKeyring;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as StoredKeyring;
  } catch (e) {
    throw new KeyringError(`${file}: expected the platform keyring as JSON, got unreadable data (${(e as Error).message})`);
  }
  if (json?.version !== FORMAT_VERSION || !Array.isArray(json.keys)) {
    throw new KeyringError(`${file}: expected keyring format version ${FORMAT_VERSION} with a keys list, got version ${String(json?.version)}`);
  }
  return json;
}

function writeStored(dir: string, stored: StoredKeyring): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = keyringFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  // Readers in other processes see the old keyring or the new one, never half a file.
  renameSync(tmp, file);
}

/** Runs `fn` holding the keyring's lock file, so two processes never generate or rotate at once. */
function withLock<T>(dir: string, fn: () => T): T {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = path.join(dir, 'keyring.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
      } catch {
        // The holder removed it meanwhile.
      }
      if (Date.now() > deadline) throw new KeyringError(`${lock}: expected to take the keyring lock within ${LOCK_WAIT_MS} ms, but another process holds it`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    return fn();
  } finally {
    closeSync(fd);
    unlinkSync(lock);
  }
}

function newStoredKey(now: Date, encryptionKey: string | undefined): StoredKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = signingKeyFrom(privateKey);
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    keyId: signer.keyId,
    algorithm: PLATFORM_KEY_ALGORITHM,
    publicKey: signer.publicKeyPem,
    privateKey: encryptSecret(pem, { context: privateKeyContext(signer.keyId), keyMaterial: encryptionKey }),
    notBefore: now.toISOString(),
    notAfter: null,
    source: 'generated',
  };
}

function toPlatformKey(k: StoredKey): PlatformKey {
  return {
    keyId: k.keyId,
    algorithm: k.algorithm,
    publicKeyPem: k.publicKey,
    notBefore: new Date(k.notBefore),
    notAfter: k.notAfter ? new Date(k.notAfter) : null,
    source: k.source,
  };
}

function readConfiguredKey(file: string): SigningKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KeyringError(`ASSAY_SIGNING_KEY_FILE ${file}: expected a readable PEM private key, got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return signingKeyFrom(createPrivateKey({ key: text, format: 'pem' }));
  } catch (e) {
    throw new KeyringError(`ASSAY_SIGNING_KEY_FILE ${file}: expected an unencrypted ECDSA P-256 private key in PEM, got ${(e as Error).message}`);
  }
}

function current(stored: StoredKeyring): StoredKey | undefined {
  return stored.keys.find((k) => k.notAfter === null);
}

/**
 * The keyring, created on first use. Returns what changed (a generated or newly configured key) so
 * the caller can audit it; `events` is empty when the keyring was already in place.
 */
export function loadKeyring(opts: KeyringOptions = {}): { keyring: Keyring; events: KeyringEvent[] } {
  const dir = keyringDir(opts.dataDir);
  const configuredFile = opts.signingKeyFile ?? process.env.ASSAY_SIGNING_KEY_FILE ?? '';
  const encryptionKey = opts.encryptionKey ?? process.env.ASSAY_ENCRYPTION_KEY;
  const configured = configuredFile ? readConfiguredKey(configuredFile) : null;
  const events: KeyringEvent[] = [];

  let stored = readStored(dir);
  const cur = stored && current(stored);
  const settled = configured ? cur?.keyId === configured.keyId : !!cur && cur.source === 'generated';
  if (!settled) {
    stored = withLock(dir, () => {
      const now = opts.now ?? new Date();
      const s = readStored(dir) ?? { version: FORMAT_VERSION, keys: [] };
      const before = current(s);
      if (configured) {
        if (before?.keyId === configured.keyId) return s;
        if (before) before.notAfter = now.toISOString();
        const known = s.keys.find((k) => k.keyId === configured.keyId);
        // A configured key that was retired and comes back signs again from now on.
        if (known) s.keys = s.keys.filter((k) => k !== known);
        const key: StoredKey = { keyId: configured.keyId, algorithm: PLATFORM_KEY_ALGORITHM, publicKey: configured.publicKeyPem, notBefore: now.toISOString(), notAfter: null, source: 'configured' };
        s.keys.unshift(key);
        events.push({ action: 'platform-key.configure', key: toPlatformKey(key), retired: before ? toPlatformKey(before) : null });
      } else {
        if (before?.source === 'generated') return s;
        // Configuration was removed: the platform goes back to a key of its own.
        if (before) before.notAfter = now.toISOString();
        const key = newStoredKey(now, encryptionKey);
        s.keys.unshift(key);
        events.push(before ? { action: 'platform-key.rotate', key: toPlatformKey(key), retired: toPlatformKey(before) } : { action: 'platform-key.create', key: toPlatformKey(key) });
      }
      writeStored(dir, s);
      return s;
    });
  }
  const s = stored!;
  const cur2 = current(s)!;
  let signer: SigningKey;
  if (configured) {
    signer = configured;
  } else {
    if (!cur2.privateKey) throw new KeyringError(`${keyringFile(dir)}: the current key ${cur2.keyId.slice(0, 16)} has no private key stored`);
    const pem = decryptSecret(cur2.privateKey, { context: privateKeyContext(cur2.keyId), keyMaterial: encryptionKey });
    signer = signingKeyFrom(createPrivateKey({ key: pem, format: 'pem' }));
    if (signer.keyId !== cur2.keyId) throw new KeyringError(`${keyringFile(dir)}: the stored private key does not match key id ${cur2.keyId.slice(0, 16)}`);
  }
  const keys = sortKeys(s.keys.map(toPlatformKey));
  return { keyring: { current: { ...keys[0]!, signer }, keys }, events };
}

function sortKeys(keys: PlatformKey[]): PlatformKey[] {
  return [...keys].sort((a, b) => (a.notAfter === null ? -1 : b.notAfter === null ? 1 : b.notBefore.getTime() - a.notBefore.getTime()));
}

/** Adds a new current key and retires the old one (still listed, still verifying what it signed). */
export function rotateKeyring(opts: KeyringOptions = {}): { keyring: Keyring; events: KeyringEvent[] } {
  const configuredFile = opts.signingKeyFile ?? process.env.ASSAY_SIGNING_KEY_FILE ?? '';
  if (configuredFile) {
    throw new KeyringError(`the current key comes from ASSAY_SIGNING_KEY_FILE (${configuredFile}): rotate it by pointing that variable at a new key file`);
  }
  const dir = keyringDir(opts.dataDir);
  const encryptionKey = opts.encryptionKey ?? process.env.ASSAY_ENCRYPTION_KEY;
  const events: KeyringEvent[] = [];
  withLock(dir, () => {
    const now = opts.now ?? new Date();
    const s = readStored(dir) ?? { version: FORMAT_VERSION, keys: [] };
    const before = current(s);
    if (before) before.notAfter = now.toISOString();
    const key = newStoredKey(now, encryptionKey);
    s.keys.unshift(key);
    writeStored(dir, s);
    events.push(before ? { action: 'platform-key.rotate', key: toPlatformKey(key), retired: toPlatformKey(before) } : { action: 'platform-key.create', key: toPlatformKey(key) });
  });
  const { keyring } = loadKeyring({ ...opts, signingKeyFile: '' });
  return { keyring, events };
}
