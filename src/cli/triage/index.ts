import type { CliCommand, CliIo } from '../types.js';
import { classify } from './classify.js';
import { evaluateCommand } from './evaluate.js';
import { retrain } from './retrain.js';
import { train } from './train.js';

type Run = (args: readonly string[], io: CliIo) => Promise<number>;

const SUBCOMMANDS: Readonly<Record<string, Run>> = {
  train,
  eval: evaluateCommand,
  retrain,
};

const HELP = `usage:
  helpdesk triage [--model FILE | --tenant ID]   JSON lines {"text": ...} on stdin, one result per line
  helpdesk triage train --csv FILE --text-column NAME --label-column NAME [--out FILE | --tenant ID]
  helpdesk triage eval --csv FILE --text-column NAME --label-column NAME
                       [--model FILE | --train-csv FILE | --holdout 0.2] [--engine model|rules|blend] [--json]
  helpdesk triage retrain --tenant ID
`;

/** `helpdesk triage …`: propose priority, category and tier; train and check the model. */
export const triageCommand: CliCommand = {
  name: 'triage',
  summary: 'triage reports from stdin; train, eval or retrain the learned category model',
  async run(args, io) {
    const [first, ...rest] = args;
    if (first === '--help' || first === '-h') {
      io.stdout.write(HELP);
      return 0;
    }
    const sub =
      first !== undefined && Object.hasOwn(SUBCOMMANDS, first) ? SUBCOMMANDS[first] : undefined;
    return sub ? sub(rest, io) : classify(args, io);
  },
};
