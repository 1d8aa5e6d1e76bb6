import type { ReactNode } from 'react';
import { AdminNav } from '@/components/admin/admin-nav';
import { requireAdminPage } from '@/lib/server/admin/admin-page';

export const dynamic = 'force-dynamic';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 md:grid-cols-[12rem_minmax(0,1fr)]">
      <aside className="md:pt-1">
        <p className="mb-2 hidden text-xs font-semibold uppercase tracking-wide text-slate-600 md:block dark:text-slate-400">Administration</p>
        <AdminNav />
      </aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
