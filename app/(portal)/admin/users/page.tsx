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
import { UserRoleForm } from '@/components/admin/user-role-form';
import { UserStatusForm } from '@/components/admin/user-status-form';
import { firstValues, loadForPage, requireAdminPage } from '@/lib/server/admin/admin-page';
import { listUsers } from '@/lib/server/admin/list-users';

export const metadata: Metadata = { title: 'Users · Admin' };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireAdminPage();
  const params = firstValues(await searchParams);
  const { data, error } = await loadForPage(() => listUsers({ actor, query: params }));
  const { page: _page, ...filters } = params;
  return (
    <>
      <PageHeader title="Users" description="Change platform roles, disable accounts (their sessions end at once) or enable them again." />
      <form method="get" role="search" aria-label="Filter users" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-56 flex-1 space-y-1.5">
          <Label htmlFor="q">Email or name</Label>
          <Input id="q" name="q" type="search" defaultValue={params.q ?? ''} placeholder="e.g. acme.example" />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="role">Role</Label>
          <Select id="role" name="role" defaultValue={params.role ?? ''}>
            <option value="">Any role</option>
            <option value="user">user</option>
            <option value="reviewer">reviewer</option>
            <option value="admin">admin</option>
          </Select>
        </div>
        <Button type="submit" variant="secondary">Filter</Button>
      </form>
      {error ? <Alert tone="error" title="Check the filters">{error}</Alert> : null}
      {data && data.items.length === 0 ? <EmptyState title="No users match">Try another search or role.</EmptyState> : null}
      {data && data.items.length > 0 ? (
        <>
          <Table caption="Users">
            <THead>
              <tr>
                <Th>User</Th>
                <Th>Organizations</Th>
                <Th>Status</Th>
                <Th>Platform role</Th>
                <Th>Access</Th>
              </tr>
            </THead>
            <TBody>
              {data.items.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <Td>
                    <div className="font-medium">{u.name}</div>
                    <div className="text-slate-600 dark:text-slate-400">{u.email}</div>
                    <div className="text-xs text-slate-500">
                      joined <Time iso={u.createdAt} /> · last sign-in <Time iso={u.lastLoginAt} />
                    </div>
                  </Td>
                  <Td>
                    {u.organizations.length === 0 ? (
                      <span className="text-slate-500">—</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {u.organizations.map((o) => (
                          <li key={o.slug}>
                            {o.slug} <span className="text-slate-500">({o.role})</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                  <Td>
                    {u.disabled ? <Badge tone="danger">disabled</Badge> : u.lockedUntil ? <Badge tone="warning">locked</Badge> : <Badge tone="success">active</Badge>}
                  </Td>
                  <Td>
                    <UserRoleForm userId={u.id} email={u.email} role={u.platformRole} />
                  </Td>
                  <Td>
                    {u.id === actor.userId ? <span className="text-xs text-slate-500">you</span> : <UserStatusForm userId={u.id} email={u.email} disabled={u.disabled} />}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
          <Pagination basePath="/admin/users" params={filters} page={data.page} pageSize={data.pageSize} total={data.total} />
        </>
      ) : null}
    </>
  );
}
