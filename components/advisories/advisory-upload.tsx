'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';

// Streams the zip to the upload route (not a server action: bodies are never held in memory);
// a worker imports it, so the page refreshes a little later to show the new import.
export function AdvisoryUpload({ maxBytes }: { maxBytes: number }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setResult({ ok: false, message: 'Choose a .zip of OSV JSON files.' });
      return;
    }
    setPending(true);
    setResult(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      const res = await fetch('/api/v1/admin/advisories', { method: 'POST', body });
      const json = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
      if (!res.ok) {
        setResult({ ok: false, message: json?.error?.message ?? `Upload failed (HTTP ${res.status}).` });
        return;
      }
      setResult({ ok: true, message: `${file.name} uploaded. A worker is importing it; the list below updates when it is done.` });
      setTimeout(() => router.refresh(), 3000);
    } catch (e) {
      setResult({ ok: false, message: `The upload did not complete: ${(e as Error).message}` });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="max-w-lg space-y-4" noValidate>
      {result ? <Alert tone={result.ok ? 'success' : 'error'}>{result.message}</Alert> : null}
      <Field id="file" label="OSV advisory zip" hint={`A .zip of OSV JSON records (e.g. a distribution's all.zip), at most ${Math.round(maxBytes / 1024 ** 2)} MiB.`} error={result && !result.ok ? result.message : null}>
        <Input name="file" type="file" accept=".zip,application/zip" required />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Uploading…">
        Upload and import
      </SubmitButton>
    </form>
  );
}
