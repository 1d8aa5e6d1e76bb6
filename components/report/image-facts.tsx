import type { ImageFactsView } from './types';

function bytes(n?: number): string {
  if (n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/** The image's identity and layers: digest, platform, layer count and sizes, user, labels. */
export function ImageFacts({ image }: { image: ImageFactsView }) {
  const platform = image.platform ? [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/') : '—';
  const rows: [string, string][] = [
    ['Digest', image.digest ?? '—'],
    ['Platform', platform],
    ['Layers', image.layers !== undefined ? String(image.layers) : '—'],
    ['Size (compressed / unpacked)', `${bytes(image.size)} / ${bytes(image.uncompressedSize)}`],
    ['Created', image.created ?? '—'],
    ['User', image.user || 'root (unset)'],
  ];
  const labels = Object.entries(image.labels ?? {});
  return (
    <div className="space-y-3 text-sm">
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[14rem_minmax(0,1fr)]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
            <dd className="break-all font-mono text-xs">{v}</dd>
          </div>
        ))}
      </dl>
      {labels.length ? (
        <details>
          <summary className="cursor-pointer">Labels ({labels.length})</summary>
          <ul className="mt-1 space-y-0.5 font-mono text-xs">
            {labels.map(([k, v]) => (
              <li key={k} className="break-all">
                {k}={v}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
