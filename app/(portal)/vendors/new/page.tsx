import type { Metadata } from 'next';
import { requireSignedInPage } from '@/lib/server/organizations/settings-page';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { CreateOrganizationForm } from '@/components/vendors/create-organization-form';

export const metadata: Metadata = { title: 'Create an organization' };

export default async function NewOrganizationPage() {
  await requireSignedInPage('/vendors/new');
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Create a vendor organization" description="You become its owner; invite your colleagues afterwards." />
      <Card>
        <CreateOrganizationForm />
      </Card>
    </div>
  );
}
