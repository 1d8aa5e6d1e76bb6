import { CertificationError } from '../errors';
import type { InstalledPackage, PackageFile } from './types';

// apk's `lib/apk/db/installed`: one stanza per package, `X:value` lines, blank line between packages.
// F: sets the current directory, R: names a file in it; Z: is the file's checksum and a:/M: carry
// uid:gid:mode for the file / directory just named.

const MAX_INSTALLED_BYTES = 256 * 1024 * 1024;

/** apk checksums: `Q1` + base64 SHA-1, or plain hex MD5 from old databases. */
function decodeChecksum(value: string): { digest: string; digestAlgo: 'sha1' | 'md5' } | undefined {
  if (value.startsWith('Q1')) {
    const bytes = Buffer.from(value.slice(2), 'base64');
    return bytes.length === 20 ? { digest: bytes.toString('hex'), digestAlgo: 'sha1' } : undefined;
  }
  if (/^[0-9a-f]{32}$/i.test(value)) return { digest: value.toLowerCase(), digestAlgo: 'md5' };
  return undefined;
}

function parseAcl(value: string): number | undefined {
  const mode = value.split(':')[2];
  return mode !== undefined && /^[0-7]{1,6}$/.test(mode) ? Number.parseInt(mode, 8) : undefined;
}

/** Packages of an apk installed database, in file order. Stanzas without P: or V: are skipped. */
export function readApkInstalled(content: Buffer | string, where: string): InstalledPackage[] {
  if (content.length > MAX_INSTALLED_BYTES) {
    throw new CertificationError('LIMIT_EXCEEDED', `${where}: expected at most ${MAX_INSTALLED_BYTES} bytes, got ${content.length}`, { path: where });
  }
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const out: InstalledPackage[] = [];
  let fields = new Map<string, string>();
  let files: PackageFile[] = [];
  let dir = '';
  let lastFile: PackageFile | undefined;

  const finish = () => {
    const name = fields.get('P');
    const version = fields.get('V');
    if (name && version) {
      const pkg: InstalledPackage = { manager: 'apk', name, version, files };
      const set = <K extends keyof InstalledPackage>(key: K, value: InstalledPackage[K] | undefined) => {
        if (value !== undefined && value !== '') pkg[key] = value;
      };
      set('arch', fields.get('A'));
      set('sourceName', fields.get('o'));
      if (fields.get('o')) pkg.sourceVersion = version;
      set('license', fields.get('L'));
      set('commit', fields.get('c'));
      set('summary', fields.get('T'));
      set('maintainer', fields.get('m'));
      const installed = fields.get('I');
      if (installed && /^\d+$/.test(installed)) pkg.size = Number(installed);
      const checksum = fields.get('C');
      const decoded = checksum ? decodeChecksum(checksum) : undefined;
      if (decoded) pkg.digest = `${decoded.digestAlgo}:${decoded.digest}`;
      set('depends', fields.get('D')?.split(/\s+/).filter(Boolean));
      set('provides', fields.get('p')?.split(/\s+/).filter(Boolean));
      out.push(pkg);
    }
    fields = new Map();
    files = [];
    dir = '';
    lastFile = undefined;
  };

  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (line === '') {
      finish();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      throw new CertificationError('PACKAGE_DB_INVALID', `${where} line ${n + 1}: expected "X:value", got ${JSON.stringify(line.slice(0, 80))}`, {
        path: where,
        line: n + 1,
      });
    }
    const key = line[0];
    const value = line.slice(2);
    switch (key) {
      case 'F':
        dir = value;
        lastFile = undefined;
        break;
      case 'R':
        lastFile = { path: `/${dir ? `${dir}/` : ''}${value}` };
        files.push(lastFile);
        break;
      case 'Z': {
        const decoded = decodeChecksum(value);
        if (lastFile && decoded) Object.assign(lastFile, decoded);
        break;
      }
      case 'a':
        if (lastFile) lastFile.mode = parseAcl(value);
        if (lastFile?.mode === undefined) delete lastFile?.mode;
        break;
      case 'M':
        break;
      default:
        // The first occurrence wins for package fields; later duplicates would be database damage.
        if (!fields.has(key)) fields.set(key, value);
    }
  }
  finish();
  return out;
}
