import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/contract.js';
import { describeStoreContract } from './contract.js';

describeStoreContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-store-'));
  const file = path.join(dir, 'helpdesk.db');
  const opened: Store[] = [new SqliteStore({ file, ticketPrefix: 'HD' })];
  return {
    store: opened[0],
    async peer() {
      // A second connection to the same file, as a second process on the machine would open.
      const peer = new SqliteStore({ file, ticketPrefix: 'HD' });
      opened.push(peer);
      return peer;
    },
    async dispose() {
      for (const store of opened) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
