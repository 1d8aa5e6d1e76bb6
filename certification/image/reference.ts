import { CertificationError } from '../errors';

// Image sources use skopeo's transport names so ISVs can paste what they already type.
export type ImageReference =
  | {
      transport: 'docker';
      /** Host[:port] as written, e.g. `127.0.0.1:5000`; `docker.io` when omitted. */
      registry: string;
      repository: string;
      tag?: string;
      digest?: string;
    }
  | { transport: 'oci'; path: string; tag?: string }
  | { transport: 'oci-archive'; path: string; tag?: string }
  | {
      transport: 'docker-archive';
      path: string;
      /** A `RepoTags` entry to select (`name:tag`). */
      tag?: string;
      /** `@N` picks the Nth image of a multi-image archive. */
      index?: number;
    };

export type Transport = ImageReference['transport'];

const TRANSPORTS: readonly Transport[] = ['docker', 'oci', 'oci-archive', 'docker-archive'];
const KNOWN_UNSUPPORTED = ['dir', 'containers-storage', 'docker-daemon', 'sif', 'tarball', 'ostree'];

const DIGEST_RE = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

export const DOCKER_HUB = 'docker.io';

function invalid(source: string, expected: string): CertificationError {
  return new CertificationError('INVALID_REFERENCE', `invalid image reference "${source}": expected ${expected}`, {
    source,
  });
}

export function isDigest(value: string): boolean {
  return DIGEST_RE.test(value);
}

export function isTag(value: string): boolean {
  return TAG_RE.test(value);
}

export function parseReference(source: string): ImageReference {
  const colon = source.indexOf(':');
  if (colon <= 0) {
    throw invalid(source, 'TRANSPORT:DETAILS, e.g. docker://registry.example.com/ns/name:tag or oci:DIR:TAG');
  }
  const transport = source.slice(0, colon);
  const rest = source.slice(colon + 1);
  if (!TRANSPORTS.includes(transport as Transport)) {
    const hint = KNOWN_UNSUPPORTED.includes(transport) ? ' (known to skopeo, not read by Assay)' : '';
    throw new CertificationError(
      'UNSUPPORTED_TRANSPORT',
      `unsupported transport "${transport}"${hint}: expected one of ${TRANSPORTS.join(', ')}`,
      { source, transport },
    );
  }
  switch (transport as Transport) {
    case 'docker':
      if (!rest.startsWith('//')) throw invalid(source, 'docker://HOST[:PORT]/NAME[:TAG|@DIGEST]');
      return parseDockerReference(rest.slice(2), source);
    case 'oci':
    case 'oci-archive': {
      // Like containers/image: the path ends at the first colon, the rest is the ref name.
      const [path, tag] = splitOnce(rest, ':');
      if (!path) throw invalid(source, `${transport}:PATH[:TAG]`);
      if (tag !== undefined && (tag === '' || /\s/.test(tag))) {
        throw invalid(source, `a non-empty tag without spaces after "${path}:", got "${tag}"`);
      }
      return { transport: transport as 'oci' | 'oci-archive', path, ...(tag !== undefined ? { tag } : {}) };
    }
    case 'docker-archive': {
      const [path, selector] = splitOnce(rest, ':');
      if (!path) throw invalid(source, 'docker-archive:PATH[:NAME:TAG|:@INDEX]');
      if (selector === undefined) return { transport: 'docker-archive', path };
      if (selector.startsWith('@')) {
        const n = Number(selector.slice(1));
        if (!/^\d+$/.test(selector.slice(1)) || !Number.isSafeInteger(n)) {
          throw invalid(source, `@INDEX with a non-negative integer, got "${selector}"`);
        }
        return { transport: 'docker-archive', path, index: n };
      }
      if (!selector) throw invalid(source, `NAME:TAG after "${path}:"`);
      return { transport: 'docker-archive', path, tag: selector };
    }
  }
}

function splitOnce(value: string, sep: string): [string, string | undefined] {
  const i = value.indexOf(sep);
  return i < 0 ? [value, undefined] : [value.slice(0, i), value.slice(i + 1)];
}

/** Parses `HOST[:PORT]/NAME[:TAG][@DIGEST]` (the part after `docker://`). */
export function parseDockerReference(value: string, source = value): Extract<ImageReference, { transport: 'docker' }> {
  let rest = value;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isDigest(digest)) throw invalid(source, `a digest like sha256:<64 hex>, got "${digest}"`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const tagColon = rest.indexOf(':', lastSlash + 1);
  if (tagColon >= 0) {
    tag = rest.slice(tagColon + 1);
    rest = rest.slice(0, tagColon);
    if (!isTag(tag)) throw invalid(source, `a tag of [A-Za-z0-9_.-] up to 128 characters, got "${tag}"`);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))) {
    registry = first;
    parts.shift();
    if (!HOST_RE.test(registry)) throw invalid(source, `a registry host[:port], got "${registry}"`);
  }
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (!repository || parts.some((p) => !PATH_COMPONENT_RE.test(p))) {
    throw invalid(source, `a repository name of lowercase components separated by "/", got "${repository}"`);
  }
  if (repository.length > 255) throw invalid(source, `a repository name up to 255 characters, got ${repository.length}`);
  return { transport: 'docker', registry, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export function formatReference(ref: ImageReference): string {
  switch (ref.transport) {
    case 'docker':
      return `docker://${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
    case 'docker-archive':
      return `docker-archive:${ref.path}${ref.tag ? `:${ref.tag}` : ref.index !== undefined ? `:@${ref.index}` : ''}`;
    default:
      return `${ref.transport}:${ref.path}${ref.tag ? `:${ref.tag}` : ''}`;
  }
}
