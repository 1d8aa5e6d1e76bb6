import { z } from 'zod';

export const MAX_PUBLIC_KEY_BYTES = 64 * 1024;

export const ZAddSigningKeySchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name').max(80, 'Use at most 80 characters').describe('A label, e.g. "release key 2026"'),
  publicKey: z
    .string()
    .trim()
    .min(1, 'Paste or upload a public key')
    .max(MAX_PUBLIC_KEY_BYTES * 2, 'The key is too large')
    .describe('PEM public key (ECDSA P-256/P-384, Ed25519, RSA ≥ 2048) or OpenPGP public key (armored, or binary as base64 with encoding=base64)'),
  encoding: z.enum(['text', 'base64']).default('text').describe('text (PEM or armored) or base64 (binary OpenPGP/DER)'),
});

export type TAddSigningKey = z.infer<typeof ZAddSigningKeySchema>;
