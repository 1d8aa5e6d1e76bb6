import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { loadSettingsPage, orNotFound } from '@/lib/server/organizations/settings-page';
import { listSigningKeys } from '@/lib/server/signing-keys/list-signing-keys';
import { revokeSigningKeyAction } from '@/lib/actions/revoke-signing-key';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { TableCard } from '@/components/ui/table-card';
import { Td } from '@/components/ui/table';
import { AddKeyForm } from '@/components/vendors/add-key-form';
import { InlineActionForm } from '@/components/vendors/inline-action-form';

export const metadata: Metadata = { title: 'Signing keys' };

// Members see the keys read-only (signing-keys.read); owners (signing-keys.write) add and revoke.
export default async function KeysPage({ params }: { params: Promise<{ vendor: string }> }) {
  const { vendor } = await params;
  const { ctx, organization, can } = await loadSettingsPage(vendor);
  if (!can.readKeys) notFound();
  const keys = await orNotFound(() => listSigningKeys({ actor: ctx.actor, slug: organization.slug }));
  return (
    <div className="space-y-6">
      {can.writeKeys ? (
        <Card>
          <CardHeader title="Add a signing key" description="The public keys your images are signed with. Certification checks signatures against them." />
          <AddKeyForm slug={organization.slug} />
        </Card>
      ) : null}
      <TableCard
        title="Signing keys"
        columns={['Name', 'Type', 'Fingerprint', 'Identities', 'Added', 'State', null]}
        empty="No signing keys yet"
        rowCount={keys.length}
      >
        {keys.map((k) => (
          <tr key={k.id}>
            <Td className="font-medium">{k.name}</Td>
            <Td>
              <Badge>{k.kind === 'pem' ? 'PEM' : 'OpenPGP'}</Badge> <span className="text-xs">{k.algorithm}</span>
            </Td>
            <Td>
              <code className="break-all text-xs" data-testid="key-fingerprint">
                {k.fingerprint}
              </code>
            </Td>
            <Td className="text-xs">{k.identities.length ? k.identities.join(', ') : '—'}</Td>
            <Td>
              {k.createdAt.toISOString().slice(0, 10)}
              <div className="text-xs text-slate-600 dark:text-slate-400">{k.createdBy.email}</div>
            </Td>
            <Td>{k.revokedAt ? <Badge>revoked</Badge> : <Badge tone="success">active</Badge>}</Td>
            <Td className="text-right">
              {can.writeKeys && !k.revokedAt ? (
                <InlineActionForm
                  action={revokeSigningKeyAction}
                  fields={{ slug: organization.slug, id: k.id }}
                  label="Revoke"
                  accessibleLabel={`Revoke key ${k.name}`}
                  confirm={`Revoke the key "${k.name}"? Signatures made with it will no longer verify.`}
                />
              ) : null}
            </Td>
          </tr>
        ))}
      </TableCard>
    </div>
  );
}
