import { NextResponse } from 'next/server';
import { db } from '@/lib/db/client';
import { APP_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

// Liveness and database reachability for load balancers and operators.
export async function GET() {
  const started = Date.now();
  try {
    await db().$queryRaw`SELECT 1`;
    return NextResponse.json({ status: 'ok', version: APP_VERSION, database: { reachable: true, latencyMs: Date.now() - started } });
  } catch {
    return NextResponse.json({ status: 'degraded', version: APP_VERSION, database: { reachable: false } }, { status: 503 });
  }
}
