import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { loadSettingsPage, orNotFound } from '@/lib/server/organizations/settings-page';
import { listWebhookDeliveries, listWebhooks } from '@/lib/server/webhooks/list-webhooks';
import { deleteWebhookAction } from '@/lib/actions/delete-webhook';
import { sendTestWebhookAction } from '@/lib/actions/send-test-webhook';
import { authorize } from '@/lib/auth/authorize';
import { WEBHOOK_EVENT_TYPES } from '@/lib/schemas/webhook';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { TableCard } from '@/components/ui/table-card';
import { Td } from '@/components/ui/table';
import { CreateWebhookForm } from '@/components/vendors/create-webhook-form';
import { InlineActionForm } from '@/components/vendors/inline-action-form';

export const metadata: Metadata = { title: 'Webhooks' };

const STATE_TONE = { delivered: 'success', pending: 'neutral', retrying: 'warning', failed: 'danger' } as const;
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC` : '—');

// Members see webhooks and the delivery log (webhooks.read); owners add, test and delete them.
export default async function WebhooksPage({ params }: { params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { ctx, organization } = await loadSettingsPage(vendor);
  const on = { organizationId: organization.id };
  if (!authorize(ctx.actor, 'webhooks.read', on)) notFound();
  const canWrite = authorize(ctx.actor, 'webhooks.write', on);
  const [hooks, deliveries] = await Promise.all([
    orNotFound(() => listWebhooks({ actor: ctx.actor, slug: organization.slug })),
    orNotFound(() => listWebhookDeliveries({ actor: ctx.actor, slug: organization.slug, limit: 50 })),
  ]);
  return (
    <div className="space-y-6">
      {canWrite ? (
        <Card>
          <CardHeader title="Add a webhook" description="Submission status changes are POSTed as signed CloudEvents; failed deliveries are retried with backoff." />
          <CreateWebhookForm slug={organization.slug} eventTypes={WEBHOOK_EVENT_TYPES.filter((t) => !t.endsWith('*'))} />
        </Card>
      ) : null}
      <TableCard
        title="Webhooks"
        columns={['URL', 'Events', 'Added', null]}
        empty="No webhooks yet"
        rowCount={hooks.length}
      >
        {hooks.map((h) => (
          <tr key={h.id}>
            <Td>
              <code className="break-all text-xs">{h.url}</code>
            </Td>
            <Td>{h.events.length ? h.events.map((e) => e.replace('dev.assay.submission.', '')).join(', ') : 'all'}</Td>
            <Td>{when(h.createdAt)}</Td>
            <Td className="text-right">
              {canWrite ? (
                <div className="flex justify-end gap-2">
                  <InlineActionForm action={sendTestWebhookAction} fields={{ slug: organization.slug, id: h.id }} label="Send test" accessibleLabel={`Send a test event to ${h.url}`} variant="secondary" />
                  <InlineActionForm
                    action={deleteWebhookAction}
                    fields={{ slug: organization.slug, id: h.id }}
                    label="Delete"
                    accessibleLabel={`Delete webhook ${h.url}`}
                    confirm={`Delete the webhook to ${h.url}? Its delivery log goes with it.`}
                  />
                </div>
              ) : null}
            </Td>
          </tr>
        ))}
      </TableCard>
      <TableCard
        title="Recent deliveries" description="The last 50 events sent to your webhooks, newest first." caption="Webhook deliveries"
        columns={['Event', 'URL', 'State', 'Attempts', 'Response', 'Created', 'Next attempt']}
        empty="Nothing delivered yet"
        rowCount={deliveries.length}
      >
        {deliveries.map((d) => (
          <tr key={d.id}>
            <Td>
              <code className="text-xs">{d.eventType}</code>
            </Td>
            <Td>
              <code className="break-all text-xs">{d.url}</code>
            </Td>
            <Td>
              <Badge tone={STATE_TONE[d.state]}>{d.state}</Badge>
            </Td>
            <Td>{d.attempts}</Td>
            <Td>
              {d.responseStatus ?? '—'}
              {d.error ? <div className="text-xs text-red-700 dark:text-red-400">{d.error}</div> : null}
            </Td>
            <Td>{when(d.createdAt)}</Td>
            <Td>{d.state === 'retrying' ? when(d.nextAttemptAt) : '—'}</Td>
          </tr>
        ))}
      </TableCard>
    </div>
  );
}
