import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './layered-image';

// Real rpm databases for the package checks: tiny packages built with rpmbuild and installed with
// `rpm --root` (rpm 4.18 writes rpmdb.sqlite). Built once, cached by version.

const VERSION = 'check-rpm-v1';
const DIR = path.join(FIXTURES, VERSION);

const spec = (name: string, version: string, files: string, install: string) => `Name: ${name}
Version: ${version}
Release: 1
Summary: Assay check fixture ${name}
License: MIT
Vendor: Assay Test Vendor
BuildArch: noarch

%description
Fixture package for the certification checks.

%install
${install}

%files
${files}
`;

const BASE_INSTALL = (tool: string) => `mkdir -p %{buildroot}/usr/bin %{buildroot}/usr/lib/assay %{buildroot}/etc %{buildroot}/usr/share/doc/assay-base
printf '#!/bin/sh\\necho ${tool}\\n' > %{buildroot}/usr/bin/assay-tool
chmod 755 %{buildroot}/usr/bin/assay-tool
echo 'library' > %{buildroot}/usr/lib/assay/libassay.so
echo 'setting=1' > %{buildroot}/etc/assay.conf
echo 'read me' > %{buildroot}/usr/share/doc/assay-base/README`;
const BASE_FILES = `/usr/bin/assay-tool
/usr/lib/assay/libassay.so
%config(noreplace) /etc/assay.conf
%doc /usr/share/doc/assay-base/README`;

const SPECS: Record<string, string> = {
  'assay-base-1.0': spec('assay-base', '1.0', BASE_FILES, BASE_INSTALL('tool 1.0')),
  'assay-base-1.1': spec('assay-base', '1.1', BASE_FILES, BASE_INSTALL('tool 1.1')),
  'assay-suid-1.0': spec('assay-suid', '1.0', '%attr(4755,root,root) /usr/bin/assay-su', `mkdir -p %{buildroot}/usr/bin
printf '#!/bin/sh\\nid\\n' > %{buildroot}/usr/bin/assay-su`),
  'kernel-core-6.0': spec('kernel-core', '6.0', '/lib/modules/6.0/vmlinuz', `mkdir -p %{buildroot}/lib/modules/6.0
echo kernel > %{buildroot}/lib/modules/6.0/vmlinuz`),
};

/** Image roots: `base` (assay-base 1.0), `updated` (then upgraded to 1.1), `suid` and `kernel` (base plus one more). */
export interface RpmRoots {
  base: string;
  updated: string;
  suid: string;
  kernel: string;
}

export function rpmRoots(): RpmRoots {
  const roots = { base: path.join(DIR, 'base'), updated: path.join(DIR, 'updated'), suid: path.join(DIR, 'suid'), kernel: path.join(DIR, 'kernel') };
  if (existsSync(path.join(DIR, 'done'))) return roots;
  mkdirSync(FIXTURES, { recursive: true });
  const work = mkdtempSync(path.join(FIXTURES, `${VERSION}.tmp-`));
  try {
    const top = path.join(work, 'top');
    mkdirSync(path.join(top, 'SPECS'), { recursive: true });
    const rpms: Record<string, string> = {};
    for (const [key, text] of Object.entries(SPECS)) {
      const file = path.join(top, 'SPECS', `${key}.spec`);
      writeFileSync(file, text);
      execFileSync('rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${top}`, '--define', '_build_id_links none', file], { stdio: 'pipe' });
      const name = readdirSync(path.join(top, 'RPMS/noarch')).find((f) => f.startsWith(`${key}-`))!;
      rpms[key] = path.join(top, 'RPMS/noarch', name);
    }
    const rpm = (root: string, ...args: string[]) => execFileSync('rpm', ['--root', root, '--dbpath', '/var/lib/rpm', ...args, '--nodeps'], { stdio: 'pipe' });
    const w = { base: path.join(work, 'base'), updated: path.join(work, 'updated'), suid: path.join(work, 'suid'), kernel: path.join(work, 'kernel') };
    mkdirSync(w.base);
    rpm(w.base, '-i', rpms['assay-base-1.0']!);
    for (const k of ['updated', 'suid', 'kernel'] as const) cpSync(w.base, w[k], { recursive: true, verbatimSymlinks: true });
    rpm(w.updated, '-U', rpms['assay-base-1.1']!);
    rpm(w.suid, '-i', rpms['assay-suid-1.0']!);
    rpm(w.kernel, '-i', rpms['kernel-core-6.0']!);
    rmSync(top, { recursive: true });
    writeFileSync(path.join(work, 'done'), '');
    try {
      renameSync(work, DIR);
    } catch (e) {
      // Another test file built it at the same time: keep theirs.
      if (!existsSync(path.join(DIR, 'done'))) throw e;
      rmSync(work, { recursive: true, force: true });
    }
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  return roots;
}
