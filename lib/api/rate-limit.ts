import type { Db } from '../db/client';
import { AppError } from '../errors';

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  limit: number;
  resetAt: Date;
}

// Fixed-window counter in PostgreSQL so every server process shares it.
export async function hitRateLimit(prisma: Db, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const rows = await prisma.$queryRaw<{ count: number; reset_at: Date }[]>`
    INSERT INTO rate_limits (key, count, reset_at)
    VALUES (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.count + 1 END,
      reset_at = CASE WHEN rate_limits.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
    RETURNING count, reset_at`;
  const row = rows[0]!;
  return { allowed: row.count <= limit, count: row.count, limit, resetAt: row.reset_at };
}

export async function enforceRateLimit(prisma: Db, key: string, limit: number, windowSeconds = 60): Promise<void> {
  const result = await hitRateLimit(prisma, key, limit, windowSeconds);
  if (!result.allowed) {
    const retryAfterSeconds = Math.max(1, Math.ceil((result.resetAt.getTime() - Date.now()) / 1000));
    throw new AppError('RATE_LIMITED', `Too many requests: the limit is ${limit} per ${windowSeconds} s. Retry in ${retryAfterSeconds} s.`, {
      retryAfterSeconds,
    });
  }
}

export async function resetRateLimit(prisma: Db, key: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key } });
}
