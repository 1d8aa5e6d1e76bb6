import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { recordAudit } from '../../audit/record';
import { AppError } from '../../errors';
import { emitEvent, TEST_EVENT_TYPE } from '../../webhooks/emit';
import { getOrganizationForActor } from '../organizations/get-organization';

/** "Send test": queues a dev.assay.webhook.test event to this one webhook; returns the delivery id. */
export async function sendTestWebhook({ actor, sourceIp, slug, webhookId }: { actor: Actor; sourceIp: string | null; slug: string; webhookId: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'webhooks.write' });
  return db().$transaction(async (tx) => {
    const hook = await tx.webhook.findFirst({ where: { id: webhookId, organizationId: organization.id }, select: { id: true, active: true } });
    if (!hook) throw new AppError('NOT_FOUND', 'No such webhook.');
    if (!hook.active) throw new AppError('CONFLICT', 'This webhook is switched off; switch it on to send a test.');
    const [deliveryId] = await emitEvent(tx, organization.id, TEST_EVENT_TYPE, { vendor: organization.slug, message: 'A test event from Assay.' }, `webhooks/${hook.id}`, hook.id);
    await recordAudit(tx, { actor, action: 'webhook.test', objectType: 'webhook', objectId: hook.id, organizationId: organization.id, sourceIp, after: { deliveryId } });
    return { deliveryId: deliveryId! };
  });
}
