import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { ZCreateOrganizationSchema } from '../../schemas/organization';

export interface CreateOrganizationOptions {
  actor: Actor;
  sourceIp: string | null;
  input: unknown;
}

const TAKEN = 'This URL name is taken; choose another.';

// Any signed-in user may start a vendor organization and becomes its first owner.
export async function createOrganization({ actor, sourceIp, input }: CreateOrganizationOptions) {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Sign in to create an organization.');
  const parsed = ZCreateOrganizationSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const data = parsed.data;
  const taken = () => new AppError('VALIDATION_FAILED', TAKEN, { details: { issues: [{ field: 'slug', message: TAKEN }] } });
  try {
    return await db().$transaction(async (tx) => {
      if (await tx.organization.findUnique({ where: { slug: data.slug }, select: { id: true } })) throw taken();
      const organization = await tx.organization.create({
        data: { slug: data.slug, name: data.name, description: data.description, website: data.website ?? null },
      });
      await tx.membership.create({ data: { organizationId: organization.id, userId: actor.userId, role: 'owner' } });
      await recordAudit(tx, {
        actor,
        action: 'organization.create',
        objectType: 'organization',
        objectId: organization.id,
        organizationId: organization.id,
        sourceIp,
        after: { slug: organization.slug, name: organization.name, owner: actor.email },
      });
      return organization;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') throw taken();
    throw error;
  }
}
