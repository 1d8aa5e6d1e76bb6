import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { recordAudit } from '../../audit/record';
import { AppError } from '../../errors';
import { getOrganizationForActor } from '../organizations/get-organization';

/** Deletes a webhook with its delivery log; queued deliveries find it gone and send nothing. */
export async function deleteWebhook({ actor, sourceIp, slug, webhookId }: { actor: Actor; sourceIp: string | null; slug: string; webhookId: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'webhooks.write' });
  return db().$transaction(async (tx) => {
    const hook = await tx.webhook.findFirst({ where: { id: webhookId, organizationId: organization.id }, select: { id: true, url: true } });
    if (!hook) throw new AppError('NOT_FOUND', 'No such webhook.');
    await tx.webhook.delete({ where: { id: hook.id } });
    await recordAudit(tx, { actor, action: 'webhook.delete', objectType: 'webhook', objectId: hook.id, organizationId: organization.id, sourceIp, before: { url: hook.url } });
    return { id: hook.id, deleted: true };
  });
}
