/** Where to go after signing in: only same-site paths, so a crafted link cannot bounce users elsewhere. */
export function returnPath(value: string | string[] | undefined, fallback = '/dashboard'): string {
  const v = v0(value);
  return typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : fallback;
}

function v0(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
