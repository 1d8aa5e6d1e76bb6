'use client';

import { useMemo, useState } from 'react';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** The SBOM's packages with a name filter. */
export function PackageList({ packages }: { packages: { name: string; version: string }[] | null }) {
  const [q, setQ] = useState('');
  const shown = useMemo(() => (packages ?? []).filter((p) => p.name.toLowerCase().includes(q.trim().toLowerCase())).sort((a, b) => a.name.localeCompare(b.name)), [packages, q]);
  if (!packages) return <p className="text-sm text-slate-600 dark:text-slate-400">No package list (SBOM) was stored for this submission.</p>;
  return (
    <div className="space-y-2">
      <div className="max-w-xs space-y-1">
        <Label htmlFor="package-filter">Filter {packages.length} packages</Label>
        <Input id="package-filter" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="openssl" />
      </div>
      <ul className="max-h-80 overflow-y-auto rounded-md border border-slate-200 font-mono text-xs dark:border-slate-800" aria-live="polite">
        {shown.map((p) => (
          <li key={p.name} className="flex justify-between gap-4 border-b border-slate-100 px-3 py-1 last:border-0 dark:border-slate-900">
            <span>{p.name}</span>
            <span className="text-slate-600 dark:text-slate-400">{p.version || '—'}</span>
          </li>
        ))}
        {!shown.length ? <li className="px-3 py-2 text-slate-600 dark:text-slate-400">No package matches.</li> : null}
      </ul>
    </div>
  );
}
