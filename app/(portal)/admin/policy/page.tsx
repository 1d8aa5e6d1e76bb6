import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Card, CardHeader } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, Td, Th, THead } from '@/components/ui/table';
import { PolicyEditor } from '@/components/policies/policy-editor';
import { ActivatePolicyButton } from '@/components/policies/activate-policy-button';
import { requireAdminPage } from '@/lib/server/admin/admin-page';
import { getActivePolicy, listPolicies } from '@/lib/server/policies/policies';

export const metadata: Metadata = { title: 'Policy · Admin' };

export default async function AdminPolicyPage() {
  const { actor } = await requireAdminPage();
  const [active, versions] = await Promise.all([getActivePolicy(), listPolicies({ actor })]);
  const nextVersion = Math.max(...versions.filter((v) => v.name === active.name).map((v) => v.version)) + 1;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Certification policy"
        description={`New submissions are judged by ${active.name} version ${active.version}. Every report names the version it was judged by.`}
      />
      <Card>
        <CardHeader title="Edit" description="Checked against the policy schema before it is saved." />
        <PolicyEditor document={JSON.stringify(active.document, null, 2)} nextVersion={nextVersion} />
      </Card>
      <Card>
        <CardHeader title="History" />
        <Table caption="Policy versions, newest first">
          <THead>
            <tr>
              <Th>Version</Th>
              <Th>Digest</Th>
              <Th>Saved by</Th>
              <Th>Saved</Th>
              <Th>
                <span className="sr-only">Status</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {versions.map((v) => (
              <tr key={v.id}>
                <Td>
                  {v.name} v{v.version}
                </Td>
                <Td className="font-mono text-xs">{v.digest.slice(0, 19)}…</Td>
                <Td>{v.createdBy ? v.createdBy.name || v.createdBy.email : 'Assay (default)'}</Td>
                <Td>
                  <time dateTime={v.createdAt.toISOString()}>{v.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>
                </Td>
                <Td>{v.active ? <Badge tone="success">Active</Badge> : <ActivatePolicyButton id={v.id} version={v.version} />}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}
