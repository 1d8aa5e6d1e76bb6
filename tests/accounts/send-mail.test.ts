import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/db';
import type { Db } from '../../lib/db/client';
import { sendMail } from '../../lib/mail/send-mail';
import { resetEnvCache } from '../../lib/env';

let prisma: Db;
beforeAll(async () => {
  ({ prisma } = await useTestDatabase());
});
afterEach(() => {
  delete process.env.SMTP_URL;
  resetEnvCache();
});

// A minimal real SMTP server on loopback: enough of RFC 5321 for nodemailer to deliver one message.
async function startSmtpServer(): Promise<{ port: number; messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let data = '';
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(data);
            data = '';
            socket.write('250 queued\r\n');
          } else data += line + '\n';
          continue;
        }
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('when no SMTP server is configured', () => {
  it('writes the message to the outbox only', async () => {
    const result = await sendMail({ to: 'a@example.test', subject: 'Hello', text: 'Body text' }, prisma);
    expect(result).toMatchObject({ sent: false, error: null });
    const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({ to: 'a@example.test', subject: 'Hello', text: 'Body text', sentAt: null, error: null });
  });
});

describe('when SMTP_URL is set', () => {
  it('delivers through the server and records sentAt', async () => {
    const smtp = await startSmtpServer();
    try {
      process.env.SMTP_URL = `smtp://127.0.0.1:${smtp.port}?ignoreTLS=true`;
      resetEnvCache();
      const result = await sendMail({ to: 'b@example.test', subject: 'Delivered', text: 'Over the wire' }, prisma);
      expect(result).toMatchObject({ sent: true, error: null });
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain('Subject: Delivered');
      expect(smtp.messages[0]).toContain('Over the wire');
      const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: result.id } });
      expect(row.sentAt).toBeInstanceOf(Date);
    } finally {
      await smtp.close();
    }
  });

  it('keeps the message in the outbox with the error when delivery fails, without the URL credentials', async () => {
    const closed = await startSmtpServer();
    await closed.close();
    process.env.SMTP_URL = `smtp://mailer:hunter2-secret@127.0.0.1:${closed.port}`;
    resetEnvCache();
    const result = await sendMail({ to: 'c@example.test', subject: 'Lost', text: 'Nobody listens' }, prisma);
    expect(result.sent).toBe(false);
    const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: result.id } });
    expect(row.sentAt).toBeNull();
    expect(row.error).toMatch(/ECONNREFUSED|ESOCKET|connect/i);
    expect(row.error).not.toContain('hunter2');
  });
});
