import { openDatabase } from '../lib/db/runtime';

const database = await openDatabase({ migrate: false });
const { migrate } = await import('../lib/db/migrate');
const result = await migrate(database.url);
console.log(result.applied.length ? `Applied: ${result.applied.join(', ')}` : 'The database is up to date.');
await database.stop();
