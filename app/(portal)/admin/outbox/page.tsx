import Link from 'next/link';
import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { DeliveryBadge } from '@/components/admin/delivery-badge';
import { Time } from '@/components/admin/time';
import { firstValues, loadForPage, requireAdminPage } from '@/lib/server/admin/admin-page';
import { listOutbox } from '@/lib/server/admin/list-outbox';

export const metadata: Metadata = { title: 'Outbox · Admin' };

export default async function AdminOutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireAdminPage();
  const params = firstValues(await searchParams);
  const { data, error } = await loadForPage(() => listOutbox({ actor, query: params }));
  const { page: _page, ...filters } = params;
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Every email the platform sent or would send, newest first. Without an SMTP server this is where sign-up, reset and invitation links arrive."
      />
      <form method="get" role="search" aria-label="Filter emails" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="q">Recipient or subject</Label>
          <Input id="q" name="q" type="search" defaultValue={params.q ?? ''} />
        </div>
        <Button type="submit" variant="secondary">Filter</Button>
      </form>
      {error ? <Alert tone="error" title="Check the filters">{error}</Alert> : null}
      {data && data.items.length === 0 ? <EmptyState title="No emails yet">Password resets and invitations will show up here.</EmptyState> : null}
      {data && data.items.length > 0 ? (
        <>
          <Table caption="Emails">
            <THead>
              <tr>
                <Th>Time</Th>
                <Th>To</Th>
                <Th>Subject</Th>
                <Th>Delivery</Th>
              </tr>
            </THead>
            <TBody>
              {data.items.map((m) => (
                <tr key={m.id}>
                  <Td>
                    <Time iso={m.createdAt} />
                  </Td>
                  <Td className="break-all">{m.to}</Td>
                  <Td>
                    <Link href={`/admin/outbox/${m.id}`} className="font-medium text-brand-700 hover:underline dark:text-brand-100">
                      {m.subject}
                    </Link>
                  </Td>
                  <Td>
                    <DeliveryBadge sentAt={m.sentAt} error={m.error} />
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <Pagination basePath="/admin/outbox" params={filters} page={data.page} pageSize={data.pageSize} total={data.total} />
        </>
      ) : null}
    </>
  );
}
