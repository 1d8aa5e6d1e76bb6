import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretBoxError } from '../../lib/crypto/secret-box';
import { LocalStorage, StorageError } from '../../lib/storage';

const KEY = 'k'.repeat(20) + 'a-test-key-material-of-enough-length';
const OTHER_KEY = 'z'.repeat(20) + 'another-key-material-of-enough-length';

describe('secret box (AES-256-GCM at rest)', () => {
  const secret = JSON.stringify({ username: 'isv', password: 'p@ss:word' });

  it('round-trips, with a fresh IV each time and nothing readable in the stored text', () => {
    const a = encryptSecret(secret, { context: 'submission:1', keyMaterial: KEY });
    const b = encryptSecret(secret, { context: 'submission:1', keyMaterial: KEY });
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(a).not.toContain('p@ss');
    expect(decryptSecret(a, { context: 'submission:1', keyMaterial: KEY })).toBe(secret);
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const stored = encryptSecret(secret, { context: 'c', keyMaterial: KEY });
    const parts = stored.split('.');
    for (const i of [2, 3, 4]) {
      const bytes = Buffer.from(parts[i]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      const altered = [...parts];
      altered[i] = bytes.toString('base64url');
      expect(() => decryptSecret(altered.join('.'), { context: 'c', keyMaterial: KEY }), `part ${i}`).toThrow(SecretBoxError);
    }
  });

  it('refuses a ciphertext moved to another record (context bound as associated data)', () => {
    const stored = encryptSecret(secret, { context: 'submission:a', keyMaterial: KEY });
    expect(() => decryptSecret(stored, { context: 'submission:b', keyMaterial: KEY })).toThrow(/altered, or belongs to another record/);
  });

  it('names the key mismatch, the unknown version, and a missing key', () => {
    const stored = encryptSecret(secret, { context: 'c', keyMaterial: KEY });
    expect(() => decryptSecret(stored, { context: 'c', keyMaterial: OTHER_KEY })).toThrow(/encrypted with key [0-9a-f]{12}, but the configured ASSAY_ENCRYPTION_KEY is/);
    expect(() => decryptSecret(stored.replace(/^v1\./, 'v9.'), { context: 'c', keyMaterial: KEY })).toThrow(/version "v9"/);
    expect(() => encryptSecret(secret, { context: 'c', keyMaterial: 'short' })).toThrow(/ASSAY_ENCRYPTION_KEY/);
  });
});

describe('local storage', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'assay-storage-'));
  const store = new LocalStorage(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stores, stats, reads and deletes by key', async () => {
    const stored = await store.put('reports/s1/attempt-1.json', '{"ok":true}');
    expect(stored.size).toBe(11);
    expect((await store.stat('reports/s1/attempt-1.json'))?.size).toBe(11);
    expect(await text(await store.get('reports/s1/attempt-1.json'))).toBe('{"ok":true}');
    await store.delete('reports/s1/attempt-1.json');
    expect(await store.stat('reports/s1/attempt-1.json')).toBeNull();
    await expect(store.get('reports/s1/attempt-1.json')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each(['../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', '.hidden', 'a/./b', '', 'a/b/', 'a\\..\\b', 'ok/..'])('refuses the unsafe key %j', async (key) => {
    await expect(store.put(key, 'x')).rejects.toBeInstanceOf(StorageError);
    expect(() => store.localPath(key)).toThrow(/storage key|relative key/);
  });

  it('refuses a stream over the size limit and leaves nothing behind (atomic write)', async () => {
    async function* chunks() {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(1024, i);
    }
    await expect(store.put('uploads/big.tar', Readable.from(chunks()), { maxBytes: 4096 })).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(await store.stat('uploads/big.tar')).toBeNull();
    expect(readdirSync(path.join(root, '.tmp'))).toEqual([]);
    const ok = await store.put('uploads/small.tar', Readable.from(chunks()), { maxBytes: 10 * 1024 });
    expect(ok.size).toBe(10 * 1024);
  });
});
