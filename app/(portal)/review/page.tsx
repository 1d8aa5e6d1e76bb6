import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorize } from '@/lib/auth/authorize';
import { AppError } from '@/lib/errors';
import { requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';
import { listReviewQueue } from '@/lib/server/reviews/list-review-queue';
import { REVIEW_QUEUE_STATUSES } from '@/lib/schemas/review';
import { PageHeader } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Select } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Pagination } from '@/components/ui/pagination';
import { Table, TBody, THead, Td, Th } from '@/components/ui/table';
import { StatusBadge } from '@/components/submissions/status-badge';

export const metadata: Metadata = { title: 'Review queue' };
export const dynamic = 'force-dynamic';

const FILTERS = ['status', 'vendor', 'minAgeDays', 'failingCheck'] as const;

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireSignedInOrNotFound();
  if (!authorize(actor, 'reviews.read')) notFound();
  const raw = await searchParams;
  const params: Record<string, string> = {};
  for (const k of [...FILTERS, 'page']) {
    const v = raw[k];
    if (typeof v === 'string' && v.trim()) params[k] = v.trim();
  }
  const result = await listReviewQueue({ actor, query: params }).then(
    (queue) => ({ queue, error: null }),
    (e: unknown) => {
      if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return { queue: null, error: e.message };
      throw e;
    },
  );
  const { queue, error } = result;
  const { page: _page, ...filters } = params;
  return (
    <div className="space-y-6">
      <PageHeader title="Review queue" description="Submissions waiting for a decision, oldest first." />
      <form method="get" className="grid gap-3 rounded-lg border border-slate-200 p-4 sm:grid-cols-5 dark:border-slate-800" aria-label="Filter the queue">
        <div className="space-y-1">
          <Label htmlFor="q-status">Status</Label>
          <Select id="q-status" name="status" defaultValue={params.status ?? 'awaiting-review'}>
            {REVIEW_QUEUE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <Label htmlFor="q-vendor">Vendor (slug)</Label>
          <Input id="q-vendor" name="vendor" defaultValue={params.vendor ?? ''} placeholder="acme" />
        </div>
        <div className="space-y-1">
          <Label htmlFor="q-age">Waiting at least (days)</Label>
          <Input id="q-age" name="minAgeDays" type="number" min={0} defaultValue={params.minAgeDays ?? ''} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="q-check">Failing check id</Label>
          <Input id="q-check" name="failingCheck" defaultValue={params.failingCheck ?? ''} placeholder="security.non-root-user" />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          <Link href="/review" className="text-sm text-brand-700 underline dark:text-brand-100">
            Reset
          </Link>
        </div>
      </form>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {queue && queue.items.length ? (
        <>
          <Table caption="Submissions to review">
            <THead>
              <tr>
                <Th>Product</Th>
                <Th>Vendor</Th>
                <Th>Status</Th>
                <Th>Failing checks</Th>
                <Th>Waiting</Th>
              </tr>
            </THead>
            <TBody>
              {queue.items.map((s) => (
                <tr key={s.id}>
                  <Td>
                    <Link href={s.links.page} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                      {s.product.name}
                    </Link>
                    <span className="block max-w-xs truncate font-mono text-xs text-slate-600 dark:text-slate-400">{s.reference}</span>
                  </Td>
                  <Td>{s.vendor.name}</Td>
                  <Td>
                    <StatusBadge status={s.status} />
                  </Td>
                  <Td>
                    {s.failingChecks.length ? (
                      <span className="flex flex-wrap gap-1">
                        {s.failingChecks.map((c) => (
                          <Badge key={c} tone="danger">
                            {c}
                          </Badge>
                        ))}
                      </span>
                    ) : (
                      <span className="text-slate-600 dark:text-slate-400">none</span>
                    )}
                  </Td>
                  <Td>{s.waitingDays === 0 ? 'today' : `${s.waitingDays} day${s.waitingDays === 1 ? '' : 's'}`}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <Pagination basePath="/review" params={filters} page={queue.page} pageSize={queue.pageSize} total={queue.total} />
        </>
      ) : queue ? (
        <EmptyState title="Nothing to review">No submission matches these filters.</EmptyState>
      ) : null}
    </div>
  );
}
