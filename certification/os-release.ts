import { CertificationError } from './errors';

// /etc/os-release and /usr/lib/os-release (os-release(5)): newline-separated KEY=value assignments in a
// shell-compatible subset; values may be unquoted, 'single' or "double" quoted with backslash escapes.

export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'] as const;

export interface OsRelease {
  /** Lower-case distribution id, "linux" when absent (as os-release(5) says). */
  id: string;
  idLike: string[];
  name?: string;
  prettyName?: string;
  version?: string;
  versionId?: string;
  versionCodename?: string;
  platformId?: string;
  variantId?: string;
  buildId?: string;
  cpeName?: string;
  homeUrl?: string;
  /** Every assignment as read, unquoted and unescaped. */
  raw: Record<string, string>;
}

const MAX_BYTES = 64 * 1024;

function unquote(value: string, line: number, where: string): string {
  let out = '';
  let i = 0;
  const fail = (why: string) =>
    new CertificationError('OS_RELEASE_INVALID', `${where} line ${line}: ${why}`, { path: where, line });
  while (i < value.length) {
    const c = value[i];
    if (c === "'") {
      const end = value.indexOf("'", i + 1);
      if (end < 0) throw fail('expected a closing single quote, got end of line');
      out += value.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < value.length) {
        const d = value[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        // Inside double quotes a backslash escapes only $ " \ ` and newline, as in sh.
        if (d === '\\' && i + 1 < value.length && '$"\\`'.includes(value[i + 1])) {
          out += value[i + 1];
          i += 2;
        } else {
          out += d;
          i++;
        }
      }
      if (!closed) throw fail('expected a closing double quote, got end of line');
    } else if (c === '\\' && i + 1 < value.length) {
      out += value[i + 1];
      i += 2;
    } else if (c === ' ' || c === '\t') {
      // Unquoted whitespace ends the value; a trailing comment may follow.
      const rest = value.slice(i).trim();
      if (rest.length > 0 && !rest.startsWith('#')) throw fail(`expected one value, got unquoted whitespace before ${JSON.stringify(rest)}`);
      break;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Parses os-release text. Throws OS_RELEASE_INVALID on malformed lines, naming the line. */
export function parseOsRelease(input: string | Buffer, where = '/etc/os-release'): OsRelease {
  if (input.length > MAX_BYTES) {
    throw new CertificationError('OS_RELEASE_INVALID', `${where}: expected at most ${MAX_BYTES} bytes, got ${input.length}`, { path: where });
  }
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const raw: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) {
      throw new CertificationError('OS_RELEASE_INVALID', `${where} line ${n + 1}: expected KEY=value, got ${JSON.stringify(line.slice(0, 80))}`, {
        path: where,
        line: n + 1,
      });
    }
    raw[m[1]] = unquote(m[2], n + 1, where);
  }
  const opt = (key: string) => (raw[key] !== undefined && raw[key] !== '' ? raw[key] : undefined);
  return {
    id: (opt('ID') ?? 'linux').toLowerCase(),
    idLike: (opt('ID_LIKE') ?? '').split(/\s+/).filter(Boolean).map((s) => s.toLowerCase()),
    name: opt('NAME'),
    prettyName: opt('PRETTY_NAME'),
    version: opt('VERSION'),
    versionId: opt('VERSION_ID'),
    versionCodename: opt('VERSION_CODENAME'),
    platformId: opt('PLATFORM_ID'),
    variantId: opt('VARIANT_ID'),
    buildId: opt('BUILD_ID'),
    cpeName: opt('CPE_NAME'),
    homeUrl: opt('HOME_URL'),
    raw,
  };
}

/** /etc/os-release wins over /usr/lib/os-release (os-release(5)); null when the image has neither. */
export function readOsRelease(files: Map<string, Buffer>): OsRelease | null {
  for (const path of OS_RELEASE_PATHS) {
    const content = files.get(path) ?? files.get(path.slice(1));
    if (content !== undefined) return parseOsRelease(content, path);
  }
  return null;
}
