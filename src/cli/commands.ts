import { cosmosCommand } from './cosmos.js';
import { triageCommand } from './triage/index.js';
import type { CliCommand } from './types.js';

/**
 * Every `helpdesk` subcommand. To add one, write it in its own folder beside `triage/` and add
 * it here.
 */
export const COMMANDS: readonly CliCommand[] = [triageCommand, cosmosCommand];
