import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Tx } from '../db/client';
import { producer, txDb } from '../queue/queue';

// Webhook deliveries travel through pg-boss like certify jobs: the web process (or whoever changes
// a submission) only queues; workers send, and a failed send is retried with exponential backoff.
export const WEBHOOK_QUEUE = 'webhook-delivery';

export interface WebhookJob {
  deliveryId: string;
}

const WebhookEnvSchema = z.object({
  /** Sends after the first: with backoff, about delay × 2^n seconds apart (pg-boss adds jitter). */
  ASSAY_WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(20).default(8),
  ASSAY_WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(30),
  ASSAY_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  /** Hosts or CIDRs webhooks may reach although internal (loopback and private addresses are refused otherwise). */
  ASSAY_WEBHOOK_ALLOW: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)),
});

export function webhookConfig(source: NodeJS.ProcessEnv = process.env) {
  const parsed = WebhookEnvSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid webhook configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export async function ensureWebhookQueue(boss: PgBoss): Promise<void> {
  const c = webhookConfig();
  const options = {
    name: WEBHOOK_QUEUE,
    policy: 'standard' as const,
    retryLimit: c.ASSAY_WEBHOOK_RETRY_LIMIT,
    retryDelay: c.ASSAY_WEBHOOK_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    expireInSeconds: Math.ceil(c.ASSAY_WEBHOOK_TIMEOUT_SECONDS) + 30,
  };
  if (await boss.getQueue(WEBHOOK_QUEUE)) await boss.updateQueue(WEBHOOK_QUEUE, options);
  else await boss.createQueue(WEBHOOK_QUEUE, options);
}

const ready = new WeakMap<PgBoss, Promise<void>>();

/** Queues one delivery inside the caller's transaction: the delivery row and its job commit together. */
export async function enqueueDelivery(tx: Tx, job: WebhookJob): Promise<void> {
  const boss = await producer();
  let queued = ready.get(boss);
  if (!queued) {
    queued = ensureWebhookQueue(boss);
    ready.set(boss, queued);
    queued.catch(() => ready.delete(boss));
  }
  await queued;
  const id = await boss.send(WEBHOOK_QUEUE, job, { db: txDb(tx) });
  if (!id) throw new Error(`the queue refused webhook delivery ${job.deliveryId}`);
}
