import { isHelpdeskError } from '../errors.js';
import { COMMANDS } from './commands.js';
import type { CliCommand, CliIo } from './types.js';

const PROCESS_IO: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

/**
 * Runs `helpdesk <command> …` and resolves to the exit code: 0 done, 1 failed, 2 bad input.
 * A failure prints one line on stderr naming the problem.
 */
export async function runCli(
  argv: readonly string[] = process.argv.slice(2),
  io: CliIo = PROCESS_IO,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage(commands));
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`helpdesk: unknown command "${name}"; try one of: ${names(commands)}.\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.stderr.write(`helpdesk ${name}: ${describe(error)}\n`);
    return isHelpdeskError(error, 'bad_request') ? 2 : 1;
  }
}

function describe(error: unknown): string {
  if (isHelpdeskError(error)) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected failure: ${message.split('\n')[0]}`;
}

function usage(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['usage: helpdesk <command> [options]', '', 'commands:', ...lines, ''].join('\n');
}

function names(commands: readonly CliCommand[]): string {
  return commands.map((c) => c.name).join(', ');
}

/** Runs the command line and exits with its code; what `bin/helpdesk.js` calls. */
export function main(): void {
  runCli().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`helpdesk: ${describe(error)}\n`);
      process.exitCode = 1;
    },
  );
}
