import type { Metadata } from 'next';
import Link from 'next/link';
import { authorize } from '@/lib/auth/authorize';
import { orNotFound, requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';
import { getProductForActor } from '@/lib/server/products/get-product';
import { listProductSubmissions } from '@/lib/server/submissions/list-submissions';
import { maxUploadBytes } from '@/lib/server/submissions/create-submission';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TBody, THead, Td, Th } from '@/components/ui/table';
import { StatusBadge } from '@/components/submissions/status-badge';
import { SubmitImageForm } from '@/components/submissions/submit-image-form';

export const metadata: Metadata = { title: 'Product' };

const shortDigest = (d: string | null) => (d ? `${d.slice(0, 19)}…` : '—');

export default async function ProductPage({ params, searchParams }: { params: Promise<{ vendor: string; product: string }>; searchParams: Promise<{ page?: string }> }) {
  const { vendor, product: slug } = await params;
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { actor } = await requireSignedInOrNotFound();
  const { organization, product } = await orNotFound(() => getProductForActor({ actor, vendor, product: slug }));
  const on = { organizationId: organization.id };
  const canSubmit = authorize(actor, 'submissions.write', on);
  const submissions = authorize(actor, 'submissions.read', on)
    ? await listProductSubmissions({ actor, vendor, product: slug, pagination: { page, pageSize: 20 } })
    : null;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/vendors/${organization.slug}/products`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← {organization.name} products
        </Link>
      </p>
      <PageHeader
        title={product.name}
        description={product.description || undefined}
        actions={
          authorize(actor, 'products.write', on) ? (
            <Link href={`/vendors/${organization.slug}/products/${product.slug}/edit`} className={buttonClasses('secondary')}>
              Edit product
            </Link>
          ) : null
        }
      />
      <Card>
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Repository</dt>
            <dd className="break-all font-mono text-xs">{product.repository}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Categories</dt>
            <dd>{product.categories.length ? product.categories.join(', ') : '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Support</dt>
            <dd className="break-all">{product.supportUrl ? <a className="text-brand-700 hover:underline dark:text-brand-100" href={product.supportUrl} rel="noopener noreferrer">{product.supportUrl}</a> : '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-600 dark:text-slate-400">Documentation</dt>
            <dd className="break-all">{product.documentationUrl ? <a className="text-brand-700 hover:underline dark:text-brand-100" href={product.documentationUrl} rel="noopener noreferrer">{product.documentationUrl}</a> : '—'}</dd>
          </div>
        </dl>
      </Card>
      {canSubmit ? (
        <Card>
          <CardHeader title="Submit an image" description="Assay reads every layer of the image; you can follow the certification live." />
          <SubmitImageForm vendor={organization.slug} product={product.slug} maxUploadBytes={maxUploadBytes()} />
        </Card>
      ) : null}
      {submissions ? (
        <Card>
          <CardHeader title="Submissions" />
          {submissions.items.length === 0 ? (
            <EmptyState title="No submissions yet">Submit an image to start its certification.</EmptyState>
          ) : (
            <Table caption={`Submissions of ${product.name}`}>
              <THead>
                <tr>
                  <Th>Submitted</Th>
                  <Th>Image</Th>
                  <Th>Digest</Th>
                  <Th>Status</Th>
                </tr>
              </THead>
              <TBody>
                {submissions.items.map((s) => (
                  <tr key={s.id}>
                    <Td>
                      <Link href={`/vendors/${organization.slug}/submissions/${s.id}`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
                        {s.createdAt.toISOString().replace('T', ' ').slice(0, 16)}
                      </Link>
                    </Td>
                    <Td className="max-w-xs break-all font-mono text-xs">{s.reference}</Td>
                    <Td className="font-mono text-xs">{shortDigest(s.digest)}</Td>
                    <Td>
                      <StatusBadge status={s.status} />
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
          <Pagination basePath={`/vendors/${organization.slug}/products/${product.slug}`} params={{}} page={submissions.page} pageSize={submissions.pageSize} total={submissions.total} />
        </Card>
      ) : null}
    </div>
  );
}
