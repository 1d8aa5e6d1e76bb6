'use client';

import { useActionState, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { submitImageReferenceAction } from '@/lib/actions/submit-image-reference';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { SubmitButton } from '@/components/ui/submit-button';
import { FormStatus, fieldError } from '@/components/accounts/form-status';
import { ProgressBar, formatBytes } from './progress-bar';

type Mode = 'reference' | 'archive';

// Two ways to offer an image: a registry reference (a server action) or an archive file, sent with
// XHR straight to the streaming upload route so the browser can show real upload progress.
export function SubmitImageForm({ vendor, product, maxUploadBytes }: { vendor: string; product: string; maxUploadBytes: number }) {
  const [mode, setMode] = useState<Mode>('reference');
  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">How do you offer the image?</legend>
        <div className="mt-2 flex flex-wrap gap-4">
          {(
            [
              ['reference', 'From a registry'],
              ['archive', 'Upload an archive'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="submit-mode" value={value} checked={mode === value} onChange={() => setMode(value)} className="h-4 w-4 accent-brand-600" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {mode === 'reference' ? <ReferenceForm vendor={vendor} product={product} /> : <ArchiveForm vendor={vendor} product={product} maxUploadBytes={maxUploadBytes} />}
    </div>
  );
}

function ReferenceForm({ vendor, product }: { vendor: string; product: string }) {
  const [state, action] = useActionState(submitImageReferenceAction, null);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="vendor" value={vendor} />
      <input type="hidden" name="product" value={product} />
      <Field id="submit-reference" label="Image reference" hint="docker://registry.example.com/acme/app:1.2 or …@sha256:…" error={fieldError(state, 'reference')}>
        <Input name="reference" required maxLength={600} placeholder="docker://registry.example.com/acme/app:1.0" spellCheck={false} autoComplete="off" />
      </Field>
      <PlatformField error={fieldError(state, 'platform')} />
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-4 dark:border-slate-800">
        <legend className="px-1 text-sm font-medium">Pull credentials (optional)</legend>
        <p className="text-xs text-slate-600 dark:text-slate-400">Stored encrypted, used only by the certification worker, never shown again. Prefer a read-only token.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="submit-username" label="Username" error={fieldError(state, 'username')}>
            <Input name="username" autoComplete="off" maxLength={256} />
          </Field>
          <Field id="submit-password" label="Password or token" error={fieldError(state, 'password')}>
            <Input name="password" type="password" autoComplete="new-password" maxLength={4096} />
          </Field>
        </div>
      </fieldset>
      <SubmitButton pendingLabel="Submitting…">Submit for certification</SubmitButton>
    </form>
  );
}

function PlatformField({ error }: { error?: string }) {
  return (
    <Field id="submit-platform" label="Platform" hint="Which image of a multi-platform index to certify" error={error}>
      <Select name="platform" defaultValue="">
        <option value="">linux/amd64 (default)</option>
        <option value="linux/arm64">linux/arm64</option>
        <option value="linux/ppc64le">linux/ppc64le</option>
        <option value="linux/s390x">linux/s390x</option>
      </Select>
    </Field>
  );
}

function ArchiveForm({ vendor, product, maxUploadBytes }: { vendor: string; product: string; maxUploadBytes: number }) {
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setFileError(null);
    const form = new FormData(event.currentTarget);
    const file = fileRef.current?.files?.[0];
    if (!file) return setFileError('Choose an archive file');
    if (file.size > maxUploadBytes) return setFileError(`The file is ${formatBytes(file.size)}; the limit is ${formatBytes(maxUploadBytes)}`);
    const query = new URLSearchParams({ filename: file.name });
    for (const key of ['format', 'platform']) {
      const v = String(form.get(key) ?? '');
      if (v) query.set(key, v);
    }
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open('POST', `/api/v1/vendors/${encodeURIComponent(vendor)}/products/${encodeURIComponent(product)}/submissions?${query}`);
    xhr.setRequestHeader('content-type', 'application/x-tar');
    xhr.upload.onprogress = (e) => setSent({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onload = () => {
      xhrRef.current = null;
      let body: { links?: { page?: string }; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // The message below covers an unreadable answer.
      }
      if (xhr.status === 201 && body.links?.page) {
        router.push(body.links.page);
        return;
      }
      setSent(null);
      setError(body.error?.message ?? `The upload failed (HTTP ${xhr.status}).`);
    };
    xhr.onerror = () => {
      xhrRef.current = null;
      setSent(null);
      setError('The upload was interrupted. Check your connection and try again.');
    };
    xhr.onabort = () => {
      xhrRef.current = null;
      setSent(null);
    };
    setSent({ loaded: 0, total: file.size });
    xhr.send(file);
  };

  const uploading = sent !== null;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field id="submit-archive" label="Archive file" hint={`An oci-archive or docker-archive tar (skopeo copy … oci-archive:app.tar), up to ${formatBytes(maxUploadBytes)}`} error={fileError}>
        <input
          ref={fileRef}
          type="file"
          name="archive"
          accept=".tar,application/x-tar"
          required
          disabled={uploading}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-600 file:px-3 file:py-2 file:text-sm file:font-medium file:text-white hover:file:bg-brand-700"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="submit-format" label="Format" hint="Detected from the archive when automatic">
          <Select name="format" defaultValue="" disabled={uploading}>
            <option value="">Automatic</option>
            <option value="oci-archive">oci-archive</option>
            <option value="docker-archive">docker-archive</option>
          </Select>
        </Field>
        <PlatformField />
      </div>
      {sent ? <ProgressBar value={sent.loaded} max={sent.total} label="Uploading" detail={`${formatBytes(sent.loaded)} of ${formatBytes(sent.total)}`} /> : null}
      <div className="flex gap-3">
        <Button type="submit" disabled={uploading}>
          {uploading ? 'Uploading…' : 'Upload and submit'}
        </Button>
        {uploading ? (
          <Button variant="secondary" onClick={() => xhrRef.current?.abort()}>
            Stop upload
          </Button>
        ) : null}
      </div>
    </form>
  );
}
