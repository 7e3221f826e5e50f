/** Child process for the cross-process race test: tries to win every request's transition, prints the ids it won. */
import { SqliteStore } from '../../../src/store/sqlite-store';

async function main(): Promise<void> {
  const [path, countText, worker] = process.argv.slice(2);
  const store = new SqliteStore({ path: path! });
  const won: string[] = [];
  for (let i = 0; i < Number(countText); i++) {
    const id = `race-${i}`;
    if (await store.transition(id, ['pending'], 'approved', { decidedBy: `worker-${worker}` })) won.push(id);
    if (await store.claim(`key-${i}`, 600)) won.push(`key-${i}`);
  }
  await store.close();
  process.stdout.write(JSON.stringify(won));
}

void main();
