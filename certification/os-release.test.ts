import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOsRelease, readOsRelease } from './os-release';

const UBI9 = `NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
HOME_URL="https://www.redhat.com/"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
`;

const ALPINE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.3
PRETTY_NAME="Alpine Linux v3.20"
HOME_URL="https://alpinelinux.org/"
`;

describe('parseOsRelease', () => {
  it('reads this machine\'s real Debian os-release', () => {
    const os = parseOsRelease(readFileSync('/usr/lib/os-release'), '/usr/lib/os-release');
    expect(os.id).toBe('debian');
    expect(os.versionId).toMatch(/^\d+$/);
    expect(os.versionCodename).toMatch(/^[a-z]+$/);
    expect(os.raw.NAME).toBe('Debian GNU/Linux');
  });

  it('reads RHEL/UBI fields including ID_LIKE and PLATFORM_ID', () => {
    const os = parseOsRelease(UBI9);
    expect(os).toMatchObject({
      id: 'rhel', idLike: ['fedora'], versionId: '9.4', platformId: 'platform:el9',
      name: 'Red Hat Enterprise Linux', prettyName: 'Red Hat Enterprise Linux 9.4 (Plow)',
      cpeName: 'cpe:/o:redhat:enterprise_linux:9::baseos',
    });
    expect(os.raw.ANSI_COLOR).toBe('0;31');
  });

  it('reads unquoted values (Alpine)', () => {
    expect(parseOsRelease(ALPINE)).toMatchObject({ id: 'alpine', versionId: '3.20.3', idLike: [] });
  });

  it('handles comments, blank lines, CRLF, single quotes, escapes and several ID_LIKE entries', () => {
    const os = parseOsRelease(
      "# comment\r\n\r\nID=ubuntu\r\nID_LIKE='debian rhel'\r\nNAME=\"Say \\\"hi\\\" \\$HOME \\\\ \\n\"\r\nVERSION_ID=22.04 # trailing\r\nPRETTY_NAME=a\\ b\r\n",
    );
    expect(os.idLike).toEqual(['debian', 'rhel']);
    expect(os.name).toBe('Say "hi" $HOME \\ \\n');
    expect(os.versionId).toBe('22.04');
    expect(os.prettyName).toBe('a b');
  });

  it('defaults id to "linux" and ignores empty values', () => {
    expect(parseOsRelease('NAME=Thing\nVERSION_ID=\n')).toMatchObject({ id: 'linux', versionId: undefined });
  });

  it('rejects malformed lines, naming the path and line', () => {
    const cases = ['ID=debian\nthis is not an assignment\n', 'ID="debian\n', "ID='x\n", 'NAME=two words\n'];
    for (const text of cases) {
      expect(() => parseOsRelease(text, '/etc/os-release'), text).toThrowError(
        expect.objectContaining({ code: 'OS_RELEASE_INVALID', message: expect.stringContaining('/etc/os-release line') }),
      );
    }
    expect(() => parseOsRelease('A=b\n'.repeat(20000))).toThrowError(expect.objectContaining({ code: 'OS_RELEASE_INVALID' }));
  });

  it('prefers /etc/os-release over /usr/lib/os-release and says null when neither exists', () => {
    const both = new Map([['/usr/lib/os-release', Buffer.from(ALPINE)], ['/etc/os-release', Buffer.from(UBI9)]]);
    expect(readOsRelease(both)?.id).toBe('rhel');
    expect(readOsRelease(new Map([['usr/lib/os-release', Buffer.from(ALPINE)]]))?.id).toBe('alpine');
    expect(readOsRelease(new Map())).toBeNull();
  });
});
