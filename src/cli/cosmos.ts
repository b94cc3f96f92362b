import { loadConfig } from '../config/index.js';
import { HelpdeskError } from '../errors.js';
import {
  CONTAINERS,
  createCosmosClient,
  ensureCosmosResources,
  statusOf,
  type EnsureOptions,
} from '../store/cosmos/index.js';
import { writeLine, type CliCommand } from './types.js';

const USAGE = 'usage: helpdesk cosmos init [--autoscale-max <RU/s>]';

/**
 * `helpdesk cosmos init`: creates the database and containers the Cosmos store needs, or brings
 * existing ones up to date; running it again changes nothing. Reads COSMOS_ENDPOINT, COSMOS_KEY
 * and COSMOS_DATABASE like the bot does.
 */
export const cosmosCommand: CliCommand = {
  name: 'cosmos',
  summary: 'init: create the Cosmos DB database and containers, or bring them up to date',
  async run(args, io) {
    const [command, ...rest] = args;
    if (command === '--help' || command === '-h') {
      await writeLine(io.stdout, USAGE);
      return 0;
    }
    if (command !== 'init') {
      throw new HelpdeskError('bad_request', `Unknown cosmos command '${command ?? ''}'; ${USAGE}`);
    }
    const options = parseInitOptions(rest);
    const { cosmos } = loadConfig({ ...io.env, HELPDESK_STORE: 'cosmos' });
    // loadConfig refuses HELPDESK_STORE=cosmos without COSMOS_ENDPOINT, so this is set.
    const { database, ...connection } = cosmos!;
    const client = createCosmosClient(connection);
    try {
      const report = await ensureCosmosResources(client, database, options).catch(explain);
      await writeLine(io.stdout, `database ${database}: ${report.database}`);
      for (const [name, outcome] of Object.entries(report.containers)) {
        const { partitionKeyPath } = CONTAINERS[name as keyof typeof CONTAINERS];
        await writeLine(
          io.stdout,
          `container ${name} (partition key ${partitionKeyPath}): ${outcome}`,
        );
      }
      return 0;
    } finally {
      client.dispose();
    }
  },
};

function parseInitOptions(args: readonly string[]): EnsureOptions {
  if (args.length === 0) return {};
  const value = Number(args[1]);
  if (args.length === 2 && args[0] === '--autoscale-max' && Number.isInteger(value)) {
    return { autoscaleMaxThroughput: value };
  }
  throw new HelpdeskError('bad_request', `Unexpected arguments '${args.join(' ')}'; ${USAGE}`);
}

/** 403 on creating resources is the data-plane RBAC rule, which a sentence explains better. */
function explain(error: unknown): never {
  if (statusOf(error) === 403) {
    throw new HelpdeskError(
      'forbidden',
      'Cosmos DB refused to create the database or containers for this identity: data-plane ' +
        'roles cannot manage resources. Set COSMOS_KEY, or deploy infra/cosmos.bicep instead.',
      { cause: error },
    );
  }
  throw error;
}
