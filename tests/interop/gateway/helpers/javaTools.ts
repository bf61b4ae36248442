/**
 * Running the real Trino 476 clients: the newest JDK installed under /usr/lib/jvm (Java 25 where the
 * machine has it, as Trino's own tools are tested; Java 17 otherwise), and a child process whose
 * output is collected.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const JVM_ROOT = '/usr/lib/jvm';

/** The java binary of the newest JDK under /usr/lib/jvm (names like temurin-25-jdk-amd64, java-17-openjdk-amd64). */
export function newestJava(): string {
  const candidates = existsSync(JVM_ROOT)
    ? readdirSync(JVM_ROOT)
        .map((name) => ({ name, version: Number(/(\d+)/.exec(name)?.[1] ?? 0) }))
        .filter(({ name }) => existsSync(path.join(JVM_ROOT, name, 'bin', 'java')))
        .sort((a, b) => b.version - a.version)
    : [];
  const newest = candidates[0];
  return newest === undefined ? 'java' : path.join(JVM_ROOT, newest.name, 'bin', 'java');
}

export interface ProcessOutput {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runProcess(command: string, args: readonly string[], input = ''): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Rows of RFC 4180 CSV as the Trino CLI writes it (every field quoted, "" inside a field). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
