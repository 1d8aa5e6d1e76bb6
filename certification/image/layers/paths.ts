export interface NormalizedPath {
  /** Components below the root; empty for the root itself. */
  parts: string[];
  absolute: boolean;
  /** A `..` tried to climb above the root (it was clamped there, as a chroot would). */
  escaped: boolean;
}

/** `./a//b/../c` → ['a', 'c']; `/x` → ['x'] with absolute; `../../etc` → ['etc'] with escaped. */
export function normalizePath(name: string): NormalizedPath {
  const parts: string[] = [];
  let escaped = false;
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) escaped = true;
      else parts.pop();
      continue;
    }
    parts.push(part);
  }
  return { parts, absolute: name.startsWith('/'), escaped };
}

export function joinPath(parts: readonly string[]): string {
  return '/' + parts.join('/');
}

/**
 * Whether a symlink at `linkParts` pointing to `target` leaves the root when read lexically:
 * absolute targets are read inside the root (as the container sees them), relative ones climb
 * from the link's directory.
 */
export function symlinkEscapes(linkParts: readonly string[], target: string): boolean {
  if (target.startsWith('/')) return false;
  let depth = linkParts.length - 1;
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (depth === 0) return true;
      depth--;
    } else depth++;
  }
  return false;
}
