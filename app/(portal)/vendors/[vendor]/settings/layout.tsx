import type { ReactNode } from 'react';
import Link from 'next/link';
import { loadSettingsPage } from '@/lib/server/organizations/settings-page';
import { Badge } from '@/components/ui/badge';
import { SettingsNav } from '@/components/vendors/settings-nav';

export default async function SettingsLayout({ children, params }: { children: ReactNode; params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { organization, role } = await loadSettingsPage(vendor);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm text-slate-600 dark:text-slate-400">Organization settings</p>
          <h1 className="flex items-center gap-2 text-2xl font-semibold tracking-tight">
            {organization.name}
            {organization.verified ? <Badge tone="success">Verified</Badge> : null}
          </h1>
        </div>
        <div className="flex items-center gap-3 text-sm">
          {role ? <Badge tone={role === 'owner' ? 'brand' : 'neutral'}>You are {role === 'owner' ? 'an owner' : 'a member'}</Badge> : null}
          <Link href={`/vendors/${organization.slug}`} className="text-brand-700 underline-offset-2 hover:underline dark:text-brand-100">
            Public profile
          </Link>
        </div>
      </div>
      <SettingsNav slug={organization.slug} />
      {children}
    </div>
  );
}
