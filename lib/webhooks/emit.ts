import type { Tx } from '../db/client';
import { cloudEvent } from './cloud-event';
import { enqueueDelivery } from './queue';

// Where webhook events come from. The submission status machine calls emitSubmissionEvent after
// every transition, in its transaction: the delivery rows and jobs commit with the status change.

export const SUBMISSION_EVENT_PREFIX = 'dev.assay.submission.';
export const TEST_EVENT_TYPE = 'dev.assay.webhook.test';

/** A webhook with no event list gets every event; otherwise exact types or `prefix.*`. */
export function subscribes(events: readonly string[], type: string): boolean {
  if (events.length === 0) return true;
  return events.some((e) => e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}

/** Writes a delivery row per subscribed active webhook and queues it. */
export async function emitEvent(tx: Tx, organizationId: string, type: string, data: unknown, subject?: string, onlyWebhookId?: string): Promise<string[]> {
  const hooks = await tx.webhook.findMany({
    where: { organizationId, active: true, ...(onlyWebhookId ? { id: onlyWebhookId } : {}) },
    select: { id: true, events: true },
  });
  const targets = onlyWebhookId ? hooks : hooks.filter((h) => subscribes(h.events, type));
  const ids: string[] = [];
  for (const hook of targets) {
    const event = cloudEvent(type, data, subject ? { subject } : {});
    const delivery = await tx.webhookDelivery.create({
      data: { webhookId: hook.id, eventType: type, payload: event as object, nextAttemptAt: new Date() },
      select: { id: true },
    });
    await enqueueDelivery(tx, { deliveryId: delivery.id });
    ids.push(delivery.id);
  }
  return ids;
}

export interface SubmissionEventInput {
  submissionId: string;
  organizationId: string;
  from: string;
  to: string;
  reason: string | null;
  attempt: number;
}

export async function emitSubmissionEvent(tx: Tx, input: SubmissionEventInput): Promise<void> {
  const s = await tx.submission.findUnique({
    where: { id: input.submissionId },
    select: { digest: true, reference: true, source: true, product: { select: { slug: true } }, organization: { select: { slug: true } } },
  });
  if (!s) return;
  await emitEvent(
    tx,
    input.organizationId,
    `${SUBMISSION_EVENT_PREFIX}${input.to}`,
    {
      submission: { id: input.submissionId, status: input.to, previousStatus: input.from, attempt: input.attempt, source: s.source, reference: s.reference, digest: s.digest },
      vendor: s.organization.slug,
      product: s.product.slug,
      ...(input.reason ? { reason: input.reason } : {}),
    },
    `submissions/${input.submissionId}`,
  );
}
