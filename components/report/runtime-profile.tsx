'use client';

import { useId, useState, type KeyboardEvent } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { FOCUS_RING } from '@/components/ui/button';
import type { RuntimeProfileView } from './types';

type Tab = 'podman' | 'kubernetes' | 'quadlet';
const TABS: { id: Tab; label: string }[] = [
  { id: 'podman', label: 'podman' },
  { id: 'kubernetes', label: 'Kubernetes' },
  { id: 'quadlet', label: 'Quadlet' },
];

function snippet(tab: Tab, profile: RuntimeProfileView, image: string): string {
  if (tab === 'podman') return ['podman run', ...(profile.podmanFlags ?? []), image].join(' \\\n  ');
  if (tab === 'kubernetes') return `securityContext: ${JSON.stringify(profile.kubernetesSecurityContext ?? {}, null, 2)}`;
  return profile.quadlet ?? '';
}

/** How to run the image with least privilege, as podman flags, a Kubernetes securityContext or a Quadlet unit. */
export function RuntimeProfileTabs({ profile, image }: { profile: RuntimeProfileView; image: string }) {
  const [tab, setTab] = useState<Tab>('podman');
  const base = useId();
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
    setTab(next.id);
    document.getElementById(`${base}-${next.id}-tab`)?.focus();
  };
  const text = snippet(tab, profile, image);
  return (
    <div>
      <p className="mb-2 text-sm text-slate-700 dark:text-slate-300">
        Runs as <code>{profile.user || 'root'}</code>
        {profile.podSecurityStandard ? (
          <>
            {' '}
            · Pod Security Standard <strong>{profile.podSecurityStandard}</strong>
          </>
        ) : null}
        {profile.capabilities?.length ? ` · adds ${profile.capabilities.join(', ')}` : ' · no added capabilities'}
      </p>
      <div role="tablist" aria-label="Runtime profile" className="flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`${base}-${t.id}-tab`}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={onKey}
            className={`-mb-px rounded-t-md border-b-2 px-3 py-1.5 text-sm ${tab === t.id ? 'border-brand-600 font-medium text-brand-700 dark:text-brand-100' : 'border-transparent text-slate-700 dark:text-slate-300'} ${FOCUS_RING}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`${base}-panel`} role="tabpanel" aria-labelledby={`${base}-${tab}-tab`} className="mt-3 space-y-2">
        <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 text-xs dark:bg-slate-900">{text}</pre>
        <CopyButton value={text} label={`Copy ${TABS.find((t) => t.id === tab)!.label}`} />
      </div>
    </div>
  );
}
