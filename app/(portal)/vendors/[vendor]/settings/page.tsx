import type { Metadata } from 'next';
import { loadSettingsPage } from '@/lib/server/organizations/settings-page';
import { Card, CardHeader } from '@/components/ui/card';
import { OrganizationProfileForm } from '@/components/vendors/organization-profile-form';

export const metadata: Metadata = { title: 'Organization profile' };

// Owners edit the profile; members (and staff) see it read-only.
export default async function OrganizationProfilePage({ params }: { params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { organization, can } = await loadSettingsPage(vendor);
  return (
    <Card>
      <CardHeader title="Profile" description="Shown on your public vendor page once you are verified or have a certified product." />
      {can.update ? (
        <OrganizationProfileForm organization={organization} />
      ) : (
        <dl className="grid gap-3 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="font-medium">Name</dt>
          <dd>{organization.name}</dd>
          <dt className="font-medium">Website</dt>
          <dd>{organization.website ?? '—'}</dd>
          <dt className="font-medium">Description</dt>
          <dd className="whitespace-pre-line">{organization.description || '—'}</dd>
          <dt className="font-medium">Signature lookaside locations</dt>
          <dd className="font-mono text-xs">{organization.lookasideUrls.length ? organization.lookasideUrls.join('\n') : '—'}</dd>
        </dl>
      )}
    </Card>
  );
}
