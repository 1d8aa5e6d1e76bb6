import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { MAX_PUBLIC_KEY_BYTES, ZAddSigningKeySchema } from '../../schemas/signing-key';
import { getOrganizationForActor } from '../organizations/get-organization';
import { parsePublicKey } from './parse-public-key';

export interface AddSigningKeyOptions {
  actor: Actor;
  sourceIp: string | null;
  slug: string;
  input: unknown;
  /** An uploaded key file (binary OpenPGP or DER allowed); wins over input.publicKey. */
  file?: Uint8Array | null;
}

function duplicate(fingerprint: string, revoked: boolean): AppError {
  const message = `This key (fingerprint ${fingerprint}) is already registered for this organization${revoked ? ' and was revoked' : ''}.`;
  return new AppError('VALIDATION_FAILED', message, { details: { issues: [{ field: 'publicKey', message }] } });
}

export async function addSigningKey({ actor, sourceIp, slug, input, file }: AddSigningKeyOptions) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'signing-keys.write' });
  const raw = (input ?? {}) as Record<string, unknown>;
  const parsed = ZAddSigningKeySchema.safeParse(file?.length ? { ...raw, publicKey: 'uploaded-file', encoding: 'text' } : raw);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { name } = parsed.data;
  let material: string | Uint8Array;
  if (file?.length) {
    if (file.length > MAX_PUBLIC_KEY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `The key file is larger than ${MAX_PUBLIC_KEY_BYTES / 1024} KiB.`);
    material = file;
  } else if (parsed.data.encoding === 'base64') {
    material = Buffer.from(parsed.data.publicKey, 'base64');
  } else {
    material = parsed.data.publicKey;
  }
  const key = await parsePublicKey(material);
  const existing = await db().signingKey.findUnique({
    where: { organizationId_fingerprint: { organizationId: organization.id, fingerprint: key.fingerprint } },
    select: { revokedAt: true },
  });
  if (existing) throw duplicate(key.fingerprint, !!existing.revokedAt);
  const createdById = actor.kind === 'user' ? actor.userId : actor.kind === 'token' ? actor.createdById : null;
  if (!createdById) throw new AppError('FORBIDDEN', 'Signing keys need a person or token behind them.');
  try {
    return await db().$transaction(async (tx) => {
      const row = await tx.signingKey.create({
        data: { organizationId: organization.id, name, createdById, ...key },
        select: { id: true, name: true, kind: true, algorithm: true, fingerprint: true, identities: true, createdAt: true, revokedAt: true },
      });
      await recordAudit(tx, {
        actor,
        action: 'signing-key.add',
        objectType: 'signing_key',
        objectId: row.id,
        organizationId: organization.id,
        sourceIp,
        after: { name, kind: key.kind, algorithm: key.algorithm, fingerprint: key.fingerprint },
      });
      return row;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw duplicate(key.fingerprint, false);
    throw error;
  }
}
