import type { ContentPredicate } from '../image/types';
import { OS_RELEASE_PATHS } from '../os-release';
import { isPackageDatabasePath } from '../packages/detect';
import type { Policy } from '../policy/schema';
import { isSecretCandidateName } from './secret-rules';
import type { CapturedPath } from './types';

// Which file contents to keep while the layers stream past: the OS identity, the package databases
// (every version, for base-os.unmodified-packages), passwd/group, and files the secret scan reads.
// Small files are kept only up to a byte budget, so a huge image cannot exhaust memory.

const ACCOUNT_FILES = new Set(['/etc/passwd', '/etc/group']);
const ALWAYS = new Set<string>([...OS_RELEASE_PATHS, ...ACCOUNT_FILES]);
const NAMED_SECRET_MAX_BYTES = 1024 * 1024;

/** Trees of distribution data where vendor secrets do not hide and small files are legion. */
export const SECRET_SCAN_SKIP = [
  '/usr/share/doc', '/usr/share/man', '/usr/share/info', '/usr/share/locale', '/usr/share/i18n', '/usr/share/zoneinfo',
  '/usr/share/mime', '/usr/share/icons', '/usr/share/terminfo', '/usr/lib/locale', '/usr/share/X11', '/proc', '/sys', '/dev',
];

export const SECRET_SCAN_DEFAULTS = { maxFileBytes: 64 * 1024, maxScanBytes: 64 * 1024 * 1024 };

export interface CaptureState {
  predicate: ContentPredicate;
  /** Every path (and layer) whose content the predicate asked to keep, in stream order. */
  paths: CapturedPath[];
  /** Small files skipped because the secret scan's byte budget ran out. */
  truncated: boolean;
}

function under(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

/** A fresh capture for one image read: pass `predicate` to `readFilesystem({ capture })`. */
export function createCapture(policy: Policy): CaptureState {
  const params = policy.checks['security.no-embedded-secrets'] ?? {};
  const maxFileBytes = params.maxFileBytes ?? SECRET_SCAN_DEFAULTS.maxFileBytes;
  const skip = [...SECRET_SCAN_SKIP, ...(params.ignorePaths ?? [])];
  let budget = params.maxScanBytes ?? SECRET_SCAN_DEFAULTS.maxScanBytes;
  const state: CaptureState = {
    paths: [],
    truncated: false,
    predicate: (path, entry) => {
      if (entry.type !== 'file') return false;
      let keep = ALWAYS.has(path) || isPackageDatabasePath(path);
      if (!keep && !under(path, skip)) {
        if (isSecretCandidateName(path)) keep = entry.size <= NAMED_SECRET_MAX_BYTES;
        else if (entry.size > 0 && entry.size <= maxFileBytes) {
          if (entry.size <= budget) {
            budget -= entry.size;
            keep = true;
          } else state.truncated = true;
        }
      }
      if (keep) state.paths.push({ path, layer: entry.layer, size: entry.size });
      return keep;
    },
  };
  return state;
}

/** The plain predicate, for callers that do not need the record of captured paths. */
export function capturePredicate(policy: Policy): ContentPredicate {
  return createCapture(policy).predicate;
}
