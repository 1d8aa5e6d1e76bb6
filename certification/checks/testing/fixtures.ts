import path from 'node:path';
import { CORPUS_DIR } from '../../packages/test-corpus';
import type { EntrySpec, LayerSpec } from './layered-image';

// Building blocks shared by the check tests: a RHEL-like base, accounts, labels, licenses.

export const RHEL9_OS_RELEASE = 'NAME="Red Hat Enterprise Linux"\nVERSION="9.4 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.4"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"\n';
export const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\napp:x:1001:0:App:/opt/app:/sbin/nologin\n';
export const GROUP = 'root:x:0:\nbin:x:1:\napp:x:1001:\n';

export const LABELS = {
  name: 'acme/app',
  vendor: 'Acme',
  version: '1.2.3',
  release: '4',
  summary: 'The Acme app',
  description: 'An app by Acme',
  maintainer: 'ops@acme.example',
};

/** /etc/os-release as most distributions ship it: a symlink to /usr/lib/os-release. */
export function osRelease(text: string): EntrySpec[] {
  return [
    { path: 'usr/lib/os-release', content: text },
    { path: 'etc/os-release', symlink: '../usr/lib/os-release' },
  ];
}

export function accounts(passwd = PASSWD, group = GROUP): EntrySpec[] {
  return [
    { path: 'etc/passwd', content: passwd },
    { path: 'etc/group', content: group },
  ];
}

export const LICENSES: EntrySpec[] = [{ path: 'licenses/LICENSE', content: 'Acme license terms\n' }];

/** A base layer from an rpm root (files + rpmdb.sqlite) with RHEL 9 identity and accounts. */
export function rhelBase(root: string): LayerSpec {
  return [{ path: '.', copyFrom: root }, ...osRelease(RHEL9_OS_RELEASE), ...accounts()];
}

export const APP_LAYER: LayerSpec = [{ path: 'opt/app/run.sh', content: '#!/bin/sh\nexec sleep infinity\n', mode: 0o755 }, ...LICENSES];

export const GOOD_CONFIG = { User: '1001', Labels: LABELS, ExposedPorts: { '8080/tcp': {} }, Cmd: ['/opt/app/run.sh'] };

export const corpusFile = (...parts: string[]) => path.join(CORPUS_DIR, ...parts);
