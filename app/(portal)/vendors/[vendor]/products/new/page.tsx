import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorize } from '@/lib/auth/authorize';
import { getOrganizationForActor } from '@/lib/server/organizations/get-organization';
import { orNotFound, requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { ProductForm } from '@/components/products/product-form';

export const metadata: Metadata = { title: 'New product' };

export default async function NewProductPage({ params }: { params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { actor } = await requireSignedInOrNotFound();
  const organization = await orNotFound(() => getOrganizationForActor({ actor, slug: vendor, permission: 'products.read' }));
  if (!authorize(actor, 'products.write', { organizationId: organization.id })) notFound();
  return (
    <div className="max-w-3xl">
      <p className="text-sm">
        <Link href={`/vendors/${organization.slug}/products`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← Products
        </Link>
      </p>
      <PageHeader title="New product" description={`A product of ${organization.name}: the images you submit for certification are versions of it.`} />
      <Card>
        <ProductForm vendor={organization.slug} />
      </Card>
    </div>
  );
}
