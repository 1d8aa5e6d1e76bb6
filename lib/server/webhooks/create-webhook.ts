import { randomUUID } from 'node:crypto';
import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { recordAudit } from '../../audit/record';
import { AppError, fromZodError } from '../../errors';
import { ZCreateWebhookSchema } from '../../schemas/webhook';
import { generateWebhookSecret, sealWebhookSecret } from '../../webhooks/secret';
import { getOrganizationForActor } from '../organizations/get-organization';
import { presentWebhook, WEBHOOK_SELECT } from './present-webhook';

const MAX_WEBHOOKS = 20;

/** Adds a webhook; the returned `secret` is the only time the plaintext leaves the platform. */
export async function createWebhook({ actor, sourceIp, slug, input }: { actor: Actor; sourceIp: string | null; slug: string; input: unknown }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'webhooks.write' });
  const parsed = ZCreateWebhookSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const id = randomUUID();
  const secret = generateWebhookSecret();
  return db().$transaction(async (tx) => {
    const count = await tx.webhook.count({ where: { organizationId: organization.id } });
    if (count >= MAX_WEBHOOKS) throw new AppError('CONFLICT', `An organization may have at most ${MAX_WEBHOOKS} webhooks; delete one first.`);
    const row = await tx.webhook.create({
      data: { id, organizationId: organization.id, url: parsed.data.url, events: parsed.data.events, secretEncrypted: sealWebhookSecret(id, secret) },
      select: WEBHOOK_SELECT,
    });
    await recordAudit(tx, { actor, action: 'webhook.create', objectType: 'webhook', objectId: id, organizationId: organization.id, sourceIp, after: { url: row.url, events: row.events } });
    return { ...presentWebhook(row), secret };
  });
}
