import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { getOrganizationForActor } from '../organizations/get-organization';
import { DELIVERY_SELECT, deliveryState, presentWebhook, WEBHOOK_SELECT } from './present-webhook';

export async function listWebhooks({ actor, slug }: { actor: Actor; slug: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'webhooks.read' });
  const rows = await db().webhook.findMany({ where: { organizationId: organization.id }, orderBy: { createdAt: 'asc' }, select: WEBHOOK_SELECT });
  return rows.map(presentWebhook);
}

/** The delivery log of an organization's webhooks, newest first (optionally one webhook's). */
export async function listWebhookDeliveries({ actor, slug, webhookId, limit = 50 }: { actor: Actor; slug: string; webhookId?: string; limit?: number }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'webhooks.read' });
  const rows = await db().webhookDelivery.findMany({
    where: { webhook: { organizationId: organization.id }, ...(webhookId ? { webhookId } : {}) },
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
    select: { ...DELIVERY_SELECT, webhook: { select: { url: true } } },
  });
  return rows.map(({ webhook, ...d }) => ({ ...d, url: webhook.url, state: deliveryState(d) }));
}
