/**
 * The interactive SQL prompt: statements end with ';' (and may span lines), history persists in a
 * file, Ctrl-C cancels the running statement (or clears the line), Ctrl-D or `quit` leaves, `help`
 * prints what the prompt takes (as the Trino CLI's prompt does, neither is sent as SQL). The
 * statement runner is given by the caller, so the same prompt serves the in-process engine and
 * any Trino server.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ReplOptions {
  readonly historyFile: string;
  /** Runs one statement (without its ';') and prints its result; aborts when the signal fires. */
  readonly execute: (sql: string, signal: AbortSignal) => Promise<void>;
  readonly prompt?: () => string;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  readonly historySize?: number;
}

export const REPL_HELP = `Supported commands:
QUIT                                leave the prompt (also EXIT or Ctrl-D)
HELP                                show this help
USE [catalog.]schema                set the session schema (only with --server)
SHOW TABLES [FROM schema]           list tables, in the session schema when none is named
SHOW SCHEMAS, DESCRIBE table, SELECT ...
Statements end with ';' and may span lines; Ctrl-C cancels the running statement.
`;

function loadHistory(file: string, size: number): string[] {
  try {
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    return lines.slice(-size).reverse();
  } catch {
    return [];
  }
}

function saveHistory(file: string, statement: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${statement.replaceAll('\n', ' ')}\n`);
  } catch {
    // history is a convenience: an unwritable home must not stop the prompt
  }
}

export async function runRepl(options: ReplOptions): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const historySize = options.historySize ?? 1000;
  const rl = createInterface({
    input,
    output,
    terminal: (output as NodeJS.WriteStream).isTTY === true,
    history: loadHistory(options.historyFile, historySize),
    historySize,
  });
  const prompt = options.prompt ?? (() => 'lakehouse> ');
  let buffer: string[] = [];
  let running: AbortController | undefined;
  rl.on('SIGINT', () => {
    if (running) running.abort(new Error('canceled by Ctrl-C'));
    else {
      buffer = [];
      output.write('\n');
      rl.setPrompt(prompt());
      rl.prompt();
    }
  });
  rl.setPrompt(prompt());
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (buffer.length === 0 && /^(quit|exit)\s*;?$/i.test(trimmed)) break;
    if (buffer.length === 0 && /^help\s*;?$/i.test(trimmed)) {
      output.write(REPL_HELP);
      rl.prompt();
      continue;
    }
    if (trimmed !== '' || buffer.length > 0) buffer.push(line);
    const text = buffer.join('\n').trim();
    if (text.endsWith(';')) {
      buffer = [];
      const statement = text.replace(/;+\s*$/, '').trimEnd();
      if (statement !== '') {
        saveHistory(options.historyFile, `${statement};`);
        running = new AbortController();
        try {
          await options.execute(statement, running.signal);
        } catch (error) {
          output.write(`Query failed: ${error instanceof Error ? error.message : String(error)}\n`);
        } finally {
          running = undefined;
        }
      }
      rl.setPrompt(prompt());
    } else if (buffer.length > 0) {
      rl.setPrompt(' '.repeat(Math.max(0, prompt().length - 3)).concat('-> '));
    }
    rl.prompt();
  }
  rl.close();
}
