import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { loadSettingsPage, orNotFound } from '@/lib/server/organizations/settings-page';
import { listApiTokens } from '@/lib/server/tokens/list-api-tokens';
import { revokeApiTokenAction } from '@/lib/actions/revoke-api-token';
import { authorize } from '@/lib/auth/authorize';
import { TOKEN_SCOPES } from '@/lib/auth/permissions';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { TableCard } from '@/components/ui/table-card';
import { Td } from '@/components/ui/table';
import { CreateTokenForm } from '@/components/vendors/create-token-form';
import { InlineActionForm } from '@/components/vendors/inline-action-form';

export const metadata: Metadata = { title: 'API tokens' };

const STATE_TONE = { active: 'success', expired: 'warning', revoked: 'neutral' } as const;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—');

// Members see the list read-only (tokens.read); owners (tokens.write) create and revoke.
export default async function TokensPage({ params }: { params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { ctx, organization, can } = await loadSettingsPage(vendor);
  if (!can.readTokens) notFound();
  const tokens = await orNotFound(() => listApiTokens({ actor: ctx.actor, slug: organization.slug }));
  const grantable = TOKEN_SCOPES.filter((s) => authorize(ctx.actor, s, { organizationId: organization.id }));
  return (
    <div className="space-y-6">
      {can.writeTokens ? (
        <Card>
          <CardHeader title="Create an API token" description="For CI systems: submit images, register signing keys. A token can do no more than you can." />
          <CreateTokenForm slug={organization.slug} scopes={grantable} />
        </Card>
      ) : null}
      <TableCard
        title="API tokens"
        columns={['Name', 'Token', 'Scopes', 'Created', 'Last used', 'Expires', 'State', null]}
        empty="No API tokens yet"
        rowCount={tokens.length}
      >
        {tokens.map((t) => (
          <tr key={t.id}>
            <Td className="font-medium">{t.name}</Td>
            <Td>
              <code className="text-xs">{t.prefix}…</code>
            </Td>
            <Td>
              <ul className="flex max-w-xs flex-wrap gap-1">
                {t.scopes.map((s) => (
                  <li key={s}>
                    <Badge>{s}</Badge>
                  </li>
                ))}
              </ul>
            </Td>
            <Td>
              {day(t.createdAt)}
              <div className="text-xs text-slate-600 dark:text-slate-400">{t.createdBy.email}</div>
            </Td>
            <Td>{t.lastUsedAt ? day(t.lastUsedAt) : 'never'}</Td>
            <Td>{t.expiresAt ? day(t.expiresAt) : 'never'}</Td>
            <Td>
              <Badge tone={STATE_TONE[t.state]}>{t.state}</Badge>
            </Td>
            <Td className="text-right">
              {can.writeTokens && t.state !== 'revoked' ? (
                <InlineActionForm
                  action={revokeApiTokenAction}
                  fields={{ slug: organization.slug, id: t.id }}
                  label="Revoke"
                  accessibleLabel={`Revoke token ${t.name}`}
                  confirm={`Revoke the token "${t.name}"? Anything using it stops working at once.`}
                />
              ) : null}
            </Td>
          </tr>
        ))}
      </TableCard>
    </div>
  );
}
