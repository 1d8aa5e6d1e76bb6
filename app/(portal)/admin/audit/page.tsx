import Link from 'next/link';
import type { Metadata } from 'next';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button, buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Pagination } from '@/components/ui/pagination';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { Time } from '@/components/admin/time';
import { VerifyChainButton } from '@/components/admin/verify-chain-button';
import { AUDIT_FILTER_KEYS } from '@/lib/schemas/audit';
import { firstValues, loadForPage, requireAdminPage } from '@/lib/server/admin/admin-page';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { summarizeChange } from '@/lib/server/audit/summarize-change';

export const metadata: Metadata = { title: 'Audit log · Admin' };

const FILTER_FIELDS: { key: (typeof AUDIT_FILTER_KEYS)[number]; label: string; type?: string; placeholder?: string }[] = [
  { key: 'action', label: 'Action', placeholder: 'organization.verify or user.*' },
  { key: 'actor', label: 'Actor (email or token name)', placeholder: 'owner@acme.example' },
  { key: 'organization', label: 'Organization (slug)', placeholder: 'acme' },
  { key: 'objectType', label: 'Object type', placeholder: 'user' },
  { key: 'objectId', label: 'Object id' },
  { key: 'from', label: 'From (UTC)', type: 'date' },
  { key: 'to', label: 'To (UTC, inclusive)', type: 'date' },
];

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireAdminPage();
  const params = firstValues(await searchParams);
  const { data, error } = await loadForPage(() => listAuditEvents({ actor, query: params }));
  const filters = Object.fromEntries(AUDIT_FILTER_KEYS.filter((k) => params[k]).map((k) => [k, params[k]!]));
  const listParams = { ...filters, ...(params.pageSize ? { pageSize: params.pageSize } : {}) };
  const exportHref = `/api/v1/admin/audit/export${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ''}`;
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change on the platform: who, what, when, from where, before and after. Append-only and hash-chained."
        actions={
          <a href={exportHref} className={buttonClasses('secondary')} download data-testid="audit-export">
            Export JSON lines{filtered ? ' (filtered)' : ''}
          </a>
        }
      />
      <Card className="mb-6">
        <form method="get" role="search" aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {FILTER_FIELDS.map((f) => (
            <div key={f.key} className="space-y-1.5">
              <Label htmlFor={`f-${f.key}`}>{f.label}</Label>
              <Input id={`f-${f.key}`} name={f.key} type={f.type ?? 'text'} defaultValue={params[f.key] ?? ''} placeholder={f.placeholder} />
            </div>
          ))}
          <div className="flex items-end gap-2">
            <Button type="submit">Filter</Button>
            {filtered ? (
              <Link href="/admin/audit" className={buttonClasses('ghost')}>
                Clear
              </Link>
            ) : null}
          </div>
        </form>
      </Card>
      <section aria-labelledby="verify-heading" className="mb-6">
        <h2 id="verify-heading" className="sr-only">
          Chain verification
        </h2>
        <VerifyChainButton />
      </section>
      {error ? <Alert tone="error" title="Check the filters">{error}</Alert> : null}
      {data && data.items.length === 0 ? <EmptyState title="No events match">Loosen the filters or clear them.</EmptyState> : null}
      {data && data.items.length > 0 ? (
        <>
          <Table caption="Audit events, newest first">
            <THead>
              <tr>
                <Th>Time</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Object</Th>
                <Th>Source</Th>
                <Th>Change</Th>
              </tr>
            </THead>
            <TBody>
              {data.items.map((e) => {
                const { changed, context } = summarizeChange(e.before, e.after);
                return (
                  <tr key={e.id} data-testid="audit-row">
                    <Td>
                      <Time iso={e.createdAt} />
                      <div className="text-xs text-slate-500">#{e.id}</div>
                    </Td>
                    <Td className="min-w-40 break-words">
                      {e.actorLabel}
                      {e.actorType !== 'user' ? (
                        <div>
                          <Badge>{e.actorType}</Badge>
                        </div>
                      ) : null}
                    </Td>
                    <Td>
                      <code className="text-xs font-semibold">{e.action}</code>
                    </Td>
                    <Td className="text-xs">
                      <div>{e.objectType}</div>
                      {e.objectId ? <div className="break-all text-slate-500">{e.objectId}</div> : null}
                    </Td>
                    <Td className="text-xs tabular-nums">{e.sourceIp ?? <span className="text-slate-500">—</span>}</Td>
                    <Td className="text-xs">
                      <ul className="space-y-0.5">
                        {changed.map((c) => (
                          <li key={c.key} className="break-words">
                            <span className="font-medium">{c.key}</span>: {c.before !== undefined ? <del className="text-red-800 dark:text-red-300">{c.before}</del> : null}
                            {c.before !== undefined && c.after !== undefined ? ' → ' : null}
                            {c.after !== undefined ? <ins className="text-emerald-800 no-underline dark:text-emerald-300">{c.after}</ins> : null}
                          </li>
                        ))}
                        {context.map((c) => (
                          <li key={c.key} className="break-words text-slate-500">
                            {c.key}: {c.after}
                          </li>
                        ))}
                      </ul>
                    </Td>
                  </tr>
                );
              })}
            </TBody>
          </Table>
          <Pagination basePath="/admin/audit" params={listParams} page={data.page} pageSize={data.pageSize} total={data.total} />
        </>
      ) : null}
    </>
  );
}
