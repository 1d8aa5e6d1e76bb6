// Repository names as people write them (`app`, `acme/app`, `docker.io/library/app`) reduced to one
// spelling, so a signed reference and the image identity compare equal exactly when they should.
export function repositoryOf(reference: string): string {
  let ref = reference.trim();
  const at = ref.indexOf('@');
  if (at >= 0) ref = ref.slice(0, at);
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  const first = parts[0]!;
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let host = hasHost ? first.toLowerCase() : 'docker.io';
  let path = hasHost ? parts.slice(1) : parts;
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  if (host === 'docker.io' && path.length === 1) path = ['library', ...path];
  return `${host}/${path.join('/')}`;
}
