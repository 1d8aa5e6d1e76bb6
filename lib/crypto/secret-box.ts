import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

// Authenticated encryption at rest (AES-256-GCM) for secrets the platform must use later but never
// show again: registry pull credentials, webhook secrets. The stored text is versioned so the
// format or the key can change without guessing: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url).
// `context` is bound as associated data, so a ciphertext copied to another row or purpose fails.

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

interface DerivedKey {
  id: string;
  key: Buffer;
}

const cache = new Map<string, DerivedKey>();

// Any configured key material of at least 32 characters is stretched with HKDF to a 256-bit key;
// the key id (a hash of the derived key) tells which key a ciphertext needs.
function deriveKey(material: string | undefined): DerivedKey {
  if (!material || material.length < 32) {
    throw new SecretBoxError('ASSAY_ENCRYPTION_KEY is missing or shorter than 32 characters: set it (npm start generates one into the data directory).');
  }
  const hit = cache.get(material);
  if (hit) return hit;
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), Buffer.alloc(0), Buffer.from('assay secret-box v1'), 32));
  const derived = { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
  cache.set(material, derived);
  return derived;
}

export interface SecretBoxOptions {
  /** What the secret belongs to, e.g. `submission:<id>:registry-credentials`. */
  context: string;
  /** Key material; defaults to ASSAY_ENCRYPTION_KEY. */
  keyMaterial?: string;
}

export function encryptSecret(plaintext: string, { context, keyMaterial = process.env.ASSAY_ENCRYPTION_KEY }: SecretBoxOptions): string {
  const { id, key } = deriveKey(keyMaterial);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function decryptSecret(stored: string, { context, keyMaterial = process.env.ASSAY_ENCRYPTION_KEY }: SecretBoxOptions): string {
  const parts = stored.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new SecretBoxError(`expected an encrypted secret in format ${VERSION}, got ${parts[0] && parts.length === 5 ? `version "${parts[0]}"` : 'something else'}`);
  }
  const [, keyId, ivText, ctText, tagText] = parts as [string, string, string, string, string];
  const { id, key } = deriveKey(keyMaterial);
  if (keyId !== id) throw new SecretBoxError(`the secret was encrypted with key ${keyId}, but the configured ASSAY_ENCRYPTION_KEY is ${id}`);
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretBoxError('expected a 12-byte IV and a 16-byte tag, got other sizes');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('the encrypted secret failed authentication: it was altered, or belongs to another record');
  }
}
