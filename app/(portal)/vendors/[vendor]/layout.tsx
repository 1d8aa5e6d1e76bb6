import type { ReactNode } from 'react';
import { getOrganizationForActor } from '@/lib/server/organizations/get-organization';
import { orNotFound, requireSignedInOrNotFound } from '@/lib/server/organizations/settings-page';

// Decides access for every private vendor page before anything streams, so outsiders and anonymous
// visitors get a real 404 status (a page's own notFound() would come after its loading state).
export default async function VendorLayout({ children, params }: { children: ReactNode; params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { actor } = await requireSignedInOrNotFound();
  await orNotFound(() => getOrganizationForActor({ actor, slug: vendor, permission: 'organization.read' }));
  return children;
}
