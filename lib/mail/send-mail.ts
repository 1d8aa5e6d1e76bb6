import nodemailer from 'nodemailer';
import { db, type Db } from '../db/client';
import { env } from '../env';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail {
  id: string;
  sent: boolean;
  error: string | null;
}

// Every message lands in the outbox (admins read it when no mail server is configured); with
// SMTP_URL it is also delivered and the outcome recorded. Bodies may carry one-time links, so
// neither they nor the SMTP URL are ever logged.
export async function sendMail(message: MailMessage, prisma: Db = db()): Promise<SentMail> {
  const row = await prisma.outboxEmail.create({
    data: { to: message.to, subject: message.subject, text: message.text, html: message.html ?? null },
    select: { id: true },
  });
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL) return { id: row.id, sent: false, error: null };
  try {
    const transport = nodemailer.createTransport(SMTP_URL);
    await transport.sendMail({ from: MAIL_FROM, to: message.to, subject: message.subject, text: message.text, html: message.html });
    await prisma.outboxEmail.update({ where: { id: row.id }, data: { sentAt: new Date(), error: null } });
    return { id: row.id, sent: true, error: null };
  } catch (error) {
    const text = describeSmtpError(error);
    await prisma.outboxEmail.update({ where: { id: row.id }, data: { error: text } });
    console.error(`Mail ${row.id} to the outbox only: SMTP delivery failed (${text}).`);
    return { id: row.id, sent: false, error: text };
  }
}

// The error's code and message, without anything that could echo credentials from the URL.
function describeSmtpError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = (e.message ?? String(error)).replace(/\b[a-z]+:\/\/[^\s]+/gi, '<url>');
  return (e.code ? `${e.code}: ${message}` : message).slice(0, 500);
}
