import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { authorize } from '../../auth/authorize';
import { generateToken } from '../../auth/tokens';
import { ZCreateApiTokenSchema } from '../../schemas/api-token';
import { getOrganizationForActor } from '../organizations/get-organization';

export interface CreateApiTokenOptions {
  actor: Actor;
  sourceIp: string | null;
  slug: string;
  input: unknown;
  now?: Date;
}

/** Creates an organization API token; the secret is in the result once and never stored. */
export async function createApiToken({ actor, sourceIp, slug, input, now = new Date() }: CreateApiTokenOptions) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'tokens.write' });
  const parsed = ZCreateApiTokenSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { name, expiresInDays } = parsed.data;
  const scopes = [...new Set(parsed.data.scopes)];
  // A token can never do more than the one who creates it (a token creating tokens: its own scopes).
  const beyond = scopes.filter((s) => !authorize(actor, s, { organizationId: organization.id }));
  if (beyond.length) {
    const message = `You cannot grant permissions you do not hold: ${beyond.join(', ')}.`;
    throw new AppError('VALIDATION_FAILED', message, { details: { issues: [{ field: 'scopes', message }] } });
  }
  const createdById = actor.kind === 'user' ? actor.userId : actor.kind === 'token' ? actor.createdById : null;
  if (!createdById) throw new AppError('FORBIDDEN', 'API tokens need a person or token behind them.');
  const { token, prefix, hash } = generateToken();
  const expiresAt = expiresInDays === null ? null : new Date(now.getTime() + expiresInDays * 24 * 60 * 60 * 1000);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { organizationId: organization.id, name, prefix, tokenHash: hash, scopes, createdById, expiresAt },
      select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(tx, {
      actor,
      action: 'token.create',
      objectType: 'api_token',
      objectId: created.id,
      organizationId: organization.id,
      sourceIp,
      after: { name, prefix, scopes, expiresAt },
    });
    return created;
  });
  return { ...row, token };
}
