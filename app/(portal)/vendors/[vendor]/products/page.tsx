import type { Metadata } from 'next';
import Link from 'next/link';
import { orNotFound, requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';
import { listProducts } from '@/lib/server/products/list-products';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TBody, THead, Td, Th } from '@/components/ui/table';
import { StatusBadge } from '@/components/submissions/status-badge';

export const metadata: Metadata = { title: 'Products' };

export default async function ProductsPage({ params, searchParams }: { params: Promise<{ vendor: string }>; searchParams: Promise<{ page?: string }> }) {
  const { vendor } = await params;
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { actor } = await requireSignedInOrNotFound();
  const list = await orNotFound(() => listProducts({ actor, vendor, pagination: { page, pageSize: 20 } }));
  return (
    <div>
      <PageHeader
        title="Products"
        description={`${list.vendor.name}'s products and their certification submissions.`}
        actions={
          list.can.writeProducts ? (
            <Link href={`/vendors/${list.vendor.slug}/products/new`} className={buttonClasses('primary')}>
              New product
            </Link>
          ) : null
        }
      />
      <Card>
        {list.items.length === 0 ? (
          <EmptyState
            title="No products yet"
            action={
              list.can.writeProducts ? (
                <Link href={`/vendors/${list.vendor.slug}/products/new`} className={buttonClasses('primary')}>
                  Create your first product
                </Link>
              ) : null
            }
          >
            A product groups the images you submit for certification under one catalog listing.
          </EmptyState>
        ) : (
          <Table caption="Products">
            <THead>
              <tr>
                <Th>Product</Th>
                <Th>Repository</Th>
                <Th>Submissions</Th>
                <Th>Latest</Th>
              </tr>
            </THead>
            <TBody>
              {list.items.map((p) => (
                <tr key={p.id}>
                  <Td>
                    <Link href={`/vendors/${list.vendor.slug}/products/${p.slug}`} className="font-medium text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                      {p.name}
                    </Link>
                    {p.categories.length ? <div className="text-xs text-slate-600 dark:text-slate-400">{p.categories.join(' · ')}</div> : null}
                  </Td>
                  <Td className="break-all font-mono text-xs">{p.repository}</Td>
                  <Td>{p.submissionCount}</Td>
                  <Td>
                    {p.latestSubmission ? (
                      <Link href={`/vendors/${list.vendor.slug}/submissions/${p.latestSubmission.id}`} aria-label={`Latest submission of ${p.name}: ${p.latestSubmission.status}`}>
                        <StatusBadge status={p.latestSubmission.status} />
                      </Link>
                    ) : (
                      '—'
                    )}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
        <Pagination basePath={`/vendors/${list.vendor.slug}/products`} params={{}} page={list.page} pageSize={list.pageSize} total={list.total} />
      </Card>
    </div>
  );
}
