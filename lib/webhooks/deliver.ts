import { isCertificationError } from '@/certification/errors';
import { db } from '../db/client';
import { postJson } from './post';
import { CLOUDEVENTS_CONTENT_TYPE } from './cloud-event';
import { openWebhookSecret } from './secret';
import { SIGNATURE_HEADER, signPayload } from './signature';
import { webhookConfig } from './queue';

// One attempt at one delivery, run by a worker. Every attempt updates the delivery log row; a
// failure throws so pg-boss retries it with backoff, until the last try, which ends the row.

export type DeliveryOutcome = 'delivered' | 'failed' | 'gone';

const MAX_ERROR_CHARS = 500;

export class DeliveryFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

export async function deliverWebhook(deliveryId: string, opts: { lastTry: boolean; retryDelaySeconds?: number; retryCount?: number }): Promise<DeliveryOutcome> {
  const delivery = await db().webhookDelivery.findUnique({ where: { id: deliveryId }, include: { webhook: true } });
  // Deleted or switched off since it was queued: nothing to send.
  if (!delivery || !delivery.webhook.active) return 'gone';
  if (delivery.deliveredAt) return 'delivered';
  const { webhook } = delivery;
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const config = webhookConfig();
  let status: number | null = null;
  let error: string | null = null;
  // A refused address stays refused: no point retrying it.
  let final = opts.lastTry;
  try {
    const secret = openWebhookSecret(webhook.id, webhook.secretEncrypted);
    const headers = {
      'content-type': CLOUDEVENTS_CONTENT_TYPE,
      'user-agent': 'Assay-Webhooks/1',
      [SIGNATURE_HEADER]: signPayload(secret, body, timestamp),
      'Assay-Webhook-Id': webhook.id,
      'Assay-Delivery-Id': delivery.id,
    };
    const guard = { enabled: true, allow: config.ASSAY_WEBHOOK_ALLOW };
    ({ status } = await postJson(webhook.url, body, headers, { timeoutMs: config.ASSAY_WEBHOOK_TIMEOUT_SECONDS * 1000, guard }));
    if (status < 200 || status > 299) error = `The endpoint answered HTTP ${status}; expected 2xx.`;
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.name === 'TimeoutError') error = `The endpoint did not answer within ${config.ASSAY_WEBHOOK_TIMEOUT_SECONDS} s.`;
    else if (isCertificationError(e) && e.code === 'ADDRESS_BLOCKED') {
      error = `Not sent: ${err.message}`;
      final = true;
    } else if (isCertificationError(e)) error = `Not sent: ${err.message}`;
    else error = `Could not reach the endpoint: ${err.code ?? err.message}`;
  }
  const delivered = error === null;
  const retryIn = (opts.retryDelaySeconds ?? config.ASSAY_WEBHOOK_RETRY_DELAY_SECONDS) * 2 ** (opts.retryCount ?? 0);
  await db().webhookDelivery.update({
    where: { id: delivery.id },
    data: {
      attempts: { increment: 1 },
      responseStatus: status,
      error: error?.slice(0, MAX_ERROR_CHARS) ?? null,
      deliveredAt: delivered ? new Date() : null,
      nextAttemptAt: delivered || final ? null : new Date(Date.now() + retryIn * 1000),
    },
  });
  if (delivered) return 'delivered';
  if (final) return 'failed';
  throw new DeliveryFailed(error!);
}
