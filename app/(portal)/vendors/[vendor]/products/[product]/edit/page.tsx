import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorize } from '@/lib/auth/authorize';
import { orNotFound, requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';
import { getProductForActor } from '@/lib/server/products/get-product';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { ProductForm } from '@/components/products/product-form';

export const metadata: Metadata = { title: 'Edit product' };

export default async function EditProductPage({ params }: { params: Promise<{ vendor: string; product: string }> }) {
  const { vendor, product: slug } = await params;
  const { actor } = await requireSignedInOrNotFound();
  const { organization, product } = await orNotFound(() => getProductForActor({ actor, vendor, product: slug }));
  if (!authorize(actor, 'products.write', { organizationId: organization.id })) notFound();
  return (
    <div className="max-w-3xl">
      <p className="text-sm">
        <Link href={`/vendors/${organization.slug}/products/${product.slug}`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
          ← {product.name}
        </Link>
      </p>
      <PageHeader title={`Edit ${product.name}`} />
      <Card>
        <ProductForm vendor={organization.slug} product={product} />
      </Card>
    </div>
  );
}
