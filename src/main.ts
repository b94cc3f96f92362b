import fs from 'node:fs';
import { startHelpdesk } from './app.js';
import { loadConfig } from './config/index.js';
import { isHelpdeskError } from './errors.js';
import { createLogger } from './log.js';

/** `npm start`: read the environment, start the help desk, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  // A local .env (see .env.example) is read when present; real deployments set the environment.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  if (!config.bot) log.warn('BOT_ID is not set: running in local mode without authentication');
  const helpdesk = await startHelpdesk(config, { log });
  const stop = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await helpdesk.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = isHelpdeskError(error) ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`The help desk could not start. ${message}\n`);
  process.exit(1);
});
