import { createInterface } from 'node:readline';
import { triage, type CategoryModel } from '../../triage/index.js';
import { parseOptions } from '../options.js';
import { writeLine, type CliIo } from '../types.js';
import { chosenModel } from './model-source.js';

/**
 * `helpdesk triage`: one JSON line in (`{"text": "..."}`), one JSON line out, in order. A line
 * that is not such JSON gets `{"error": "..."}` in its place and the rest go on; the command
 * then exits 2 and says how many lines were bad. Blank lines are skipped.
 */
export async function classify(args: readonly string[], io: CliIo): Promise<number> {
  const options = parseOptions(args, { model: { type: 'string' }, tenant: { type: 'string' } });
  const model = await chosenModel(options, io.env);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let number = 0;
  let bad = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    const output = answer(line, number, model);
    if ('error' in output) bad++;
    await writeLine(io.stdout, JSON.stringify(output));
  }
  if (bad > 0) {
    io.stderr.write(
      `helpdesk triage: ${bad} input line(s) were not {"text": "..."} JSON; ` +
        'their output lines hold {"error": ...}.\n',
    );
    return 2;
  }
  return 0;
}

function answer(line: string, number: number, model: CategoryModel | undefined): object {
  const text = textOf(line);
  if (typeof text !== 'string') return { error: `line ${number}: ${text.problem}` };
  const { priority, category, tier, reasons } = triage(text, { model });
  return { priority, category, tier, reasons };
}

function textOf(line: string): string | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // Named: a line that is not JSON at all; reported in place of its result.
    return { problem: 'not valid JSON' };
  }
  const text = (value as { text?: unknown } | null)?.text;
  if (typeof text !== 'string') return { problem: 'expected an object with a string "text"' };
  return text;
}
