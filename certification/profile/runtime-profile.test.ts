import { describe, expect, it } from 'vitest';
import { accounts } from '../checks/testing/fixtures';
import { imageContext, missingTools, type LayerSpec } from '../checks/testing/layered-image';
import { defaultPolicy } from '../policy/load-policy';
import { deriveRuntimeProfile } from './runtime-profile';

const { policy } = defaultPolicy();
const missing = missingTools('tar', 'python3');
if (missing.length) console.warn(`SKIPPED: ${missing.join(', ')} not installed, so the runtime profile tests do not run`);
const profile = async (layers: LayerSpec[], config: Record<string, unknown>) => deriveRuntimeProfile(await imageContext(layers, policy, { config }));

describe.skipIf(missing.length > 0)('the runtime profile', () => {
  it('confines a plain non-root image to the restricted standard with no capabilities', async () => {
    const p = await profile([accounts()], { User: '1001', Volumes: { '/data': {} }, ExposedPorts: { '8080/tcp': {} }, Labels: { name: 'acme/app' } });
    expect(p).toMatchObject({ user: '1001', capabilities: [], readOnlyRootFilesystem: true, noNewPrivileges: true, podSecurityStandard: 'restricted', systemd: false, seLinuxType: 'container_t' });
    expect(p.podmanFlags).toEqual(['--user=1001', '--cap-drop=ALL', '--security-opt=no-new-privileges', '--security-opt=label=type:container_t', '--read-only']);
    expect(p.kubernetesSecurityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1001,
      runAsGroup: 0,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seLinuxOptions: { type: 'container_t' },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(p.quadlet).toBe(
      [
        '[Unit]', 'Description=acme/app (Assay runtime profile)', '', '[Container]', `Image=registry.example.com/acme/app@sha256:${'ab'.repeat(32)}`, 'User=1001',
        'DropCapability=all', 'NoNewPrivileges=true', 'SecurityLabelType=container_t', 'ReadOnly=true', 'PublishPort=8080:8080', '', '[Service]',
        'Restart=on-failure', '', '[Install]', 'WantedBy=default.target', '',
      ].join('\n'),
    );
  });

  it('adds NET_BIND_SERVICE for a low port and keeps privilege escalation for needed setuid binaries', async () => {
    const p = await profile([[...accounts(), { path: 'usr/bin/ping', content: 'elf', mode: 0o4755 }]], { User: 'app', ExposedPorts: { '80/tcp': {} } });
    expect(p).toMatchObject({ capabilities: ['NET_BIND_SERVICE'], noNewPrivileges: false, readOnlyRootFilesystem: false, podSecurityStandard: 'baseline' });
    expect(p.podmanFlags).toContain('--cap-add=NET_BIND_SERVICE');
    expect(p.podmanFlags).not.toContain('--security-opt=no-new-privileges');
    expect(p.quadlet).toContain('AddCapability=CAP_NET_BIND_SERVICE');
  });

  it('runs systemd images with --systemd=always, and judges root images baseline', async () => {
    const p = await profile([accounts()], { Cmd: ['/sbin/init'] });
    expect(p).toMatchObject({ systemd: true, podSecurityStandard: 'baseline', kubernetesSecurityContext: { runAsNonRoot: false } });
    expect(p.podmanFlags).toContain('--systemd=always');
    expect(p.quadlet).toContain('PodmanArgs=--systemd=always');
  });

  it('needs the privileged standard for SYS_ADMIN file capabilities or a privileged run label', async () => {
    const cap = Buffer.alloc(20);
    cap.writeUInt32LE(0x02000001, 0);
    cap.writeUInt32LE(1 << 21, 4);
    const p = await profile([[...accounts(), { path: 'usr/bin/mounter', content: 'elf', mode: 0o755, xattrs: { 'security.capability': cap } }]], { User: '1001' });
    expect(p).toMatchObject({ capabilities: ['SYS_ADMIN'], podSecurityStandard: 'privileged', noNewPrivileges: false });
    const labelled = await profile([accounts()], { User: '1001', Labels: { RUN: 'podman run --net=host ${IMAGE}' } });
    expect(labelled.podSecurityStandard).toBe('privileged');
  });
});
