import { env } from '../env';
import type { MailMessage } from './send-mail';

/** Absolute link into the app: ASSAY_URL, else NEXTAUTH_URL, else localhost on PORT. */
export function appUrl(path: string): string {
  const e = env();
  const base = (e.ASSAY_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function withHtml(to: string, subject: string, paragraphs: string[], link: { href: string; label: string }): MailMessage {
  const text = [...paragraphs, '', `${link.label}: ${link.href}`].join('\n');
  const html = [
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`,
  ].join('\n');
  return { to, subject, text, html };
}

export function passwordResetMail(to: string, secret: string): MailMessage {
  return withHtml(
    to,
    'Reset your Assay password',
    [
      'Someone (hopefully you) asked to reset the password of your Assay account.',
      'The link below works once and expires in one hour. If you did not ask for it, ignore this email: your password stays as it is.',
    ],
    { href: appUrl(`/reset/${secret}`), label: 'Choose a new password' },
  );
}

export function invitationMail(to: string, input: { organizationName: string; inviterName: string; role: string; secret: string }): MailMessage {
  return withHtml(
    to,
    `Join ${input.organizationName} on Assay`,
    [
      `${input.inviterName} invited you to join ${input.organizationName} on Assay as ${input.role === 'owner' ? 'an owner' : 'a member'}.`,
      'The link expires in 7 days. Sign in or create an account with this email address, then accept.',
    ],
    { href: appUrl(`/invite/${input.secret}`), label: 'Accept the invitation' },
  );
}
