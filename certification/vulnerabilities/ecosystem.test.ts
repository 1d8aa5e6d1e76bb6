import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../os-release';
import { ecosystemTarget, parseEcosystem, type EcosystemOptions } from './ecosystem';

const os = (text: string) => parseOsRelease(text);
const accepted = (osText: string, ecosystems: string[], options?: EcosystemOptions) =>
  ecosystems.filter((e) => ecosystemTarget(os(osText), options)!.accepts(e));

describe('parseEcosystem', () => {
  it.each([
    ['Debian:12', { family: 'debian', release: '12' }],
    ['Ubuntu:22.04:LTS', { family: 'ubuntu', release: '22.04' }],
    ['Ubuntu:25.10', { family: 'ubuntu', release: '25.10' }],
    ['Ubuntu:Pro:FIPS-updates:20.04:LTS', { family: 'ubuntu', release: '20.04', stream: 'Pro:FIPS-updates' }],
    ['Alpine:v3.19', { family: 'alpine', release: '3.19' }],
    ['Red Hat:enterprise_linux:8::appstream', { family: 'redhat', release: '8', stream: 'enterprise_linux', repo: 'appstream' }],
    ['Red Hat:rhel_e4s:8.6::appstream', { family: 'redhat', release: '8.6', stream: 'rhel_e4s', repo: 'appstream' }],
    ['AlmaLinux:10', { family: 'almalinux', release: '10' }],
    ['Rocky Linux:9', { family: 'rocky', release: '9' }],
  ])('%s', (text, parsed) => expect(parseEcosystem(text)).toEqual(parsed));

  it.each(['PyPI', 'npm', 'Debian', 'Alpine:3.19', 'Ubuntu:Foo:22.04', 'Red Hat', 'Rocky Linux:9.3', 'debian:12'])('%s is not a supported distro ecosystem', (text) => {
    expect(parseEcosystem(text)).toBeNull();
  });
});

const ALL = [
  'Debian:11', 'Debian:12',
  'Ubuntu:22.04', 'Ubuntu:22.04:LTS', 'Ubuntu:Pro:22.04:LTS', 'Ubuntu:Pro:FIPS:22.04:LTS', 'Ubuntu:20.04:LTS',
  'Alpine:v3.19', 'Alpine:v3.20',
  'Red Hat:enterprise_linux:8::appstream', 'Red Hat:enterprise_linux:8::baseos', 'Red Hat:enterprise_linux:9::baseos',
  'Red Hat:rhel_eus:8.6::appstream', 'Red Hat:rhel_aus:8.6::appstream', 'Red Hat:rhel_e4s:8.8::appstream',
  'AlmaLinux:8', 'AlmaLinux:9', 'Rocky Linux:9',
];

describe('ecosystemTarget', () => {
  it('Debian by major release', () => {
    expect(accepted('ID=debian\nVERSION_ID="12"', ALL)).toEqual(['Debian:12']);
    expect(ecosystemTarget(os('ID=debian\nVERSION_ID="12"'))!.manager).toBe('dpkg');
  });

  it('Debian testing (no VERSION_ID) has no feed', () => {
    expect(ecosystemTarget(os('ID=debian\nVERSION_CODENAME=trixie'))).toBeNull();
  });

  it('Ubuntu with or without :LTS, Pro streams only when the image is one', () => {
    expect(accepted('ID=ubuntu\nVERSION_ID="22.04"', ALL)).toEqual(['Ubuntu:22.04', 'Ubuntu:22.04:LTS']);
    expect(accepted('ID=ubuntu\nVERSION_ID="22.04"', ALL, { ubuntuStream: 'Pro:FIPS' })).toEqual(['Ubuntu:22.04', 'Ubuntu:22.04:LTS', 'Ubuntu:Pro:FIPS:22.04:LTS']);
  });

  it('Alpine by minor branch', () => {
    expect(accepted('ID=alpine\nVERSION_ID=3.19.1', ALL)).toEqual(['Alpine:v3.19']);
    expect(ecosystemTarget(os('ID=alpine\nVERSION_ID=3.19.1'))!.compare('1.2.4_git20230717-r4', '1.2.4-r3')).toBe(1);
  });

  it('RHEL and UBI: enterprise_linux of the major release, every repository', () => {
    const ubi8 = 'ID="rhel"\nID_LIKE="fedora"\nVERSION_ID="8.6"\nPLATFORM_ID="platform:el8"';
    expect(accepted(ubi8, ALL)).toEqual(['Red Hat:enterprise_linux:8::appstream', 'Red Hat:enterprise_linux:8::baseos']);
  });

  it('RHEL extended-support streams apply only when asked and only to the same minor release', () => {
    const ubi86 = 'ID="rhel"\nVERSION_ID="8.6"';
    expect(accepted(ubi86, ALL, { redHatStreams: ['enterprise_linux', 'rhel_eus', 'rhel_aus', 'rhel_e4s'] })).toEqual([
      'Red Hat:enterprise_linux:8::appstream',
      'Red Hat:enterprise_linux:8::baseos',
      'Red Hat:rhel_eus:8.6::appstream',
      'Red Hat:rhel_aus:8.6::appstream',
    ]);
  });

  it('AlmaLinux and Rocky Linux by major release, with rpm ordering', () => {
    expect(accepted('ID="almalinux"\nVERSION_ID="9.4"', ALL)).toEqual(['AlmaLinux:9']);
    expect(accepted('ID="rocky"\nVERSION_ID="9.3"', ALL)).toEqual(['Rocky Linux:9']);
    expect(ecosystemTarget(os('ID="rocky"\nVERSION_ID="9.3"'))!.compare('1:1.0-1', '2.0-1')).toBe(1);
  });

  it('derivatives and unsupported distributions get no target', () => {
    expect(ecosystemTarget(os('ID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID=21.3'))).toBeNull();
    expect(ecosystemTarget(os('ID=fedora\nVERSION_ID=40'))).toBeNull();
    expect(ecosystemTarget(os('ID=centos\nVERSION_ID=9'))).toBeNull();
  });
});
