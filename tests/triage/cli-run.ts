import { spawn } from 'node:child_process';
import path from 'node:path';

/** What a finished command left behind. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly lines: string[];
}

const BIN = path.join(__dirname, '..', '..', 'bin', 'helpdesk.js');

/** Runs the real `helpdesk` launcher with `args`, feeding `stdin`. */
export function helpdesk(
  args: readonly string[],
  stdin = '',
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter((l) => l !== '');
      resolve({ code, stdout, stderr, lines });
    });
    child.stdin.end(stdin);
  });
}

/** Stdin of JSON lines, one `{"text": ...}` per report. */
export function jsonLines(texts: readonly string[]): string {
  return texts.map((text) => JSON.stringify({ text })).join('\n') + '\n';
}
