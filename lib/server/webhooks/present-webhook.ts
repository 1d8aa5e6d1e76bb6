// What the API and pages show of a webhook: never the secret, not even encrypted.
export const WEBHOOK_SELECT = { id: true, url: true, events: true, active: true, createdAt: true } as const;

export function presentWebhook(row: { id: string; url: string; events: string[]; active: boolean; createdAt: Date }) {
  return { id: row.id, url: row.url, events: row.events, active: row.active, createdAt: row.createdAt };
}

export const DELIVERY_SELECT = {
  id: true,
  webhookId: true,
  eventType: true,
  attempts: true,
  responseStatus: true,
  error: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} as const;

export type DeliveryRow = { deliveredAt: Date | null; nextAttemptAt: Date | null; attempts: number };

/** delivered, retrying (a next attempt is planned), pending (not tried yet) or failed (gave up). */
export function deliveryState(d: DeliveryRow): 'delivered' | 'pending' | 'retrying' | 'failed' {
  if (d.deliveredAt) return 'delivered';
  if (d.attempts === 0) return 'pending';
  return d.nextAttemptAt ? 'retrying' : 'failed';
}
