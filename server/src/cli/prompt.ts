import { createInterface } from 'node:readline';

let pipedLines: Promise<string[]> | undefined;

async function readAllLines(): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: process.stdin, terminal: false })) lines.push(line);
  return lines;
}

/**
 * Reads a secret without echoing it on a terminal; from a pipe it reads one line (for scripted installs).
 * Never from the command line, where it would land in shell history and the process list.
 */
export async function promptSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    pipedLines ??= readAllLines();
    const line = (await pipedLines).shift();
    if (line === undefined) throw new Error('no password given on standard input');
    return line;
  }
  process.stdout.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stdout.write('\n');
          resolve(value);
          return;
        }
        if (character === '\u0003') {
          input.setRawMode(false);
          reject(new Error('cancelled'));
          return;
        }
        if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('');
        else value += character;
      }
    };
    input.on('data', onData);
  });
}
