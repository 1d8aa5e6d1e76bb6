import type { Metadata } from 'next';
import Link from 'next/link';
import { getSessionActor } from '@/lib/auth/session';
import { getVendorProfile } from '@/lib/server/organizations/get-organization';
import { orNotFound } from '@/lib/server/organizations/settings-page';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';

type Props = { params: Promise<{ vendor: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { vendor } = await params;
  const profile = await getVendorProfile({ actor: await getSessionActor(), slug: vendor }).catch(() => null);
  return { title: profile ? profile.name : 'Vendor not found' };
}

// Public once verified or listed (lib/server/organizations/vendor-visibility.ts); insiders always.
export default async function VendorProfilePage({ params }: Props) {
  const { vendor } = await params;
  const profile = await orNotFound(async () => getVendorProfile({ actor: await getSessionActor(), slug: vendor }));
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-3xl font-semibold tracking-tight">{profile.name}</h1>
          {profile.verified ? <Badge tone="success">Verified vendor</Badge> : <Badge tone="warning">Not verified</Badge>}
        </div>
        {profile.website ? (
          <p>
            <a href={profile.website} rel="noopener noreferrer nofollow" className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
              {profile.website.replace(/^https?:\/\//, '')}
            </a>
          </p>
        ) : null}
        {profile.description ? <p className="max-w-3xl whitespace-pre-line text-slate-700 dark:text-slate-300">{profile.description}</p> : null}
        {'role' in profile && profile.role ? (
          <p className="text-sm">
            <Link href={`/vendors/${profile.slug}/settings`} className="text-brand-700 underline dark:text-brand-100">
              Organization settings
            </Link>
          </p>
        ) : null}
      </header>
      <section aria-labelledby="products-heading" className="space-y-3">
        <h2 id="products-heading" className="text-xl font-semibold tracking-tight">
          Certified products
        </h2>
        {profile.listingCount === 0 ? (
          <EmptyState title="No certified products yet">{profile.name} has not published a certified image so far.</EmptyState>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">{profile.listingCount} certified product(s).</p>
        )}
      </section>
    </article>
  );
}
