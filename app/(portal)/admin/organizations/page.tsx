import Link from 'next/link';
import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Select } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { Time } from '@/components/admin/time';
import { VerifyOrganizationForm } from '@/components/admin/verify-organization-form';
import { firstValues, loadForPage, requireAdminPage } from '@/lib/server/admin/admin-page';
import { listOrganizations } from '@/lib/server/admin/list-organizations';

export const metadata: Metadata = { title: 'Organizations · Admin' };

export default async function AdminOrganizationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireAdminPage();
  const params = firstValues(await searchParams);
  const { data, error } = await loadForPage(() => listOrganizations({ actor, query: params }));
  const { page: _page, ...filters } = params;
  return (
    <>
      <PageHeader
        title="Organizations"
        description="Vendor organizations. “Verified” tells customers the platform checked who the vendor is; it shows on their public pages."
      />
      <form method="get" role="search" aria-label="Filter organizations" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="q">Name or slug</Label>
          <Input id="q" name="q" type="search" defaultValue={params.q ?? ''} />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="verified">Verified</Label>
          <Select id="verified" name="verified" defaultValue={params.verified ?? ''}>
            <option value="">Any</option>
            <option value="true">Verified</option>
            <option value="false">Not verified</option>
          </Select>
        </div>
        <Button type="submit" variant="secondary">Filter</Button>
      </form>
      {error ? <Alert tone="error" title="Check the filters">{error}</Alert> : null}
      {data && data.items.length === 0 ? <EmptyState title="No organizations match">Vendors appear here once someone creates an organization.</EmptyState> : null}
      {data && data.items.length > 0 ? (
        <>
          <Table caption="Organizations">
            <THead>
              <tr>
                <Th>Organization</Th>
                <Th className="text-right">Members</Th>
                <Th>Created</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {data.items.map((o) => (
                <tr key={o.id} data-testid={`org-row-${o.slug}`}>
                  <Td>
                    <div className="font-medium">{o.name}</div>
                    <div className="text-slate-600 dark:text-slate-400">{o.slug}</div>
                    <Link href={`/admin/audit?organization=${encodeURIComponent(o.slug)}`} className="text-xs text-brand-700 hover:underline dark:text-brand-100">
                      Audit trail
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{o.memberCount}</Td>
                  <Td>
                    <Time iso={o.createdAt} />
                  </Td>
                  <Td>
                    {o.verified ? (
                      <span title={o.verifiedAt ? `since ${o.verifiedAt}` : undefined}>
                        <Badge tone="success">verified</Badge>
                      </span>
                    ) : (
                      <Badge>not verified</Badge>
                    )}
                  </Td>
                  <Td>
                    <VerifyOrganizationForm slug={o.slug} name={o.name} verified={o.verified} />
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <Pagination basePath="/admin/organizations" params={filters} page={data.page} pageSize={data.pageSize} total={data.total} />
        </>
      ) : null}
    </>
  );
}
