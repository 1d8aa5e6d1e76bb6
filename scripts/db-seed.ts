import { openDatabase } from '../lib/db/runtime';
import { db } from '../lib/db/client';
import { describeDemoAccounts, seedDemo } from '../lib/seed/demo';

const database = await openDatabase();
const { created } = await seedDemo(db());
console.log(created ? `Created ${created} demo record(s).` : 'Demo data already present.');
console.log(describeDemoAccounts());
await db().$disconnect();
await database.stop();
