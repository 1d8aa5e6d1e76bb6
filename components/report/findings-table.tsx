'use client';

import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Table, TBody, THead, Td, Th } from '@/components/ui/table';
import { FOCUS_RING } from '@/components/ui/button';
import { WaivedBadge } from './waived-badge';
import type { ReportFindingView } from './types';

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };
const TONE: Record<string, 'danger' | 'warning' | 'neutral'> = { critical: 'danger', high: 'danger', medium: 'warning', low: 'neutral', unknown: 'neutral' };
type SortKey = 'severity' | 'package';

/** Vulnerability findings, sortable by severity or package, with the fixed version and waivers. */
export function FindingsTable({ findings }: { findings: ReportFindingView[] }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'severity', desc: true });
  const rows = useMemo(() => {
    const dir = sort.desc ? -1 : 1;
    return [...findings].sort((a, b) =>
      sort.key === 'severity' ? dir * ((RANK[a.severity] ?? 0) - (RANK[b.severity] ?? 0)) || a.package.localeCompare(b.package) : dir * a.package.localeCompare(b.package),
    );
  }, [findings, sort]);
  if (!findings.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No vulnerability findings.</p>;
  const header = (key: SortKey, label: string) => (
    <Th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className={`font-semibold ${FOCUS_RING}`} onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key === 'severity' }))}>
        {label} {sort.key === key ? (sort.desc ? '▼' : '▲') : ''}
      </button>
    </Th>
  );
  return (
    <Table caption="Vulnerability findings">
      <THead>
        <tr>
          {header('severity', 'Severity')}
          <Th>Advisory</Th>
          {header('package', 'Package')}
          <Th>Installed</Th>
          <Th>Fixed in</Th>
          <Th>Waiver</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((f) => (
          <tr key={f.key}>
            <Td>
              <Badge tone={TONE[f.severity] ?? 'neutral'}>{f.severity}</Badge>
            </Td>
            <Td>
              <span className="font-mono text-xs">{f.id}</span>
              {f.aliases.length ? <span className="block text-xs text-slate-600 dark:text-slate-400">{f.aliases.slice(0, 3).join(', ')}</span> : null}
            </Td>
            <Td className="font-mono text-xs">{f.package}</Td>
            <Td className="font-mono text-xs">{f.installed}</Td>
            <Td className="font-mono text-xs">{f.fixed ?? <span className="text-slate-600 dark:text-slate-400">no fix</span>}</Td>
            <Td>{f.waiver ? <WaivedBadge waiver={f.waiver} /> : null}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
