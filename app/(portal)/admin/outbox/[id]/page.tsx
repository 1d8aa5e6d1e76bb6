import Link from 'next/link';
import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { LinkifiedText } from '@/components/admin/linkified-text';
import { Time } from '@/components/admin/time';
import { loadForPage, requireAdminPage } from '@/lib/server/admin/admin-page';
import { getOutboxEmailOrThrow } from '@/lib/server/admin/list-outbox';

export const metadata: Metadata = { title: 'Email · Admin' };

export default async function AdminOutboxEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireAdminPage();
  const { id } = await params;
  const { data } = await loadForPage(() => getOutboxEmailOrThrow({ actor, id }));
  const email = data!;
  return (
    <>
      <p className="mb-4 text-sm">
        <Link href="/admin/outbox" className="text-brand-700 hover:underline dark:text-brand-100">
          ← Outbox
        </Link>
      </p>
      <article aria-labelledby="email-subject">
        <h1 id="email-subject" className="text-2xl font-semibold tracking-tight">
          {email.subject}
        </h1>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600 dark:text-slate-400">To</dt>
          <dd className="break-all">{email.to}</dd>
          <dt className="text-slate-600 dark:text-slate-400">Created</dt>
          <dd>
            <Time iso={email.createdAt} />
          </dd>
          <dt className="text-slate-600 dark:text-slate-400">Delivery</dt>
          <dd>{email.error ? 'failed' : email.sentAt ? <>sent <Time iso={email.sentAt} /></> : 'kept in the outbox (no SMTP server configured)'}</dd>
        </dl>
        {email.error ? (
          <div className="mt-4">
            <Alert tone="error" title="Sending failed">
              {email.error}
            </Alert>
          </div>
        ) : null}
        <Card className="mt-6">
          <LinkifiedText text={email.text} />
        </Card>
      </article>
    </>
  );
}
