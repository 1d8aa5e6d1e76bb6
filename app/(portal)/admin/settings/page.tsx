import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { SettingsForm } from '@/components/admin/settings-form';
import { requireAdminPage } from '@/lib/server/admin/admin-page';
import { getPlatformSettings } from '@/lib/server/admin/platform-settings';

export const metadata: Metadata = { title: 'Settings · Admin' };

export default async function AdminSettingsPage() {
  await requireAdminPage();
  const settings = await getPlatformSettings();
  return (
    <>
      <PageHeader title="Settings" description="Platform-wide settings. Every change is recorded in the audit log." />
      <SettingsForm settings={settings} />
    </>
  );
}
