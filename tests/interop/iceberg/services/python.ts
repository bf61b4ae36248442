/** Runs a Python script of this folder with the shared venv's interpreter and parses its JSON output. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, venvPython } from './repoRoot.js';

const run = promisify(execFile);

export async function runPythonJson<T>(script: string, args: readonly string[]): Promise<T> {
  const python = venvPython();
  const scriptPath = path.join(repoRoot, 'tests/interop/iceberg', script);
  try {
    const { stdout } = await run(python, [scriptPath, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return JSON.parse(stdout) as T;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${script} failed: ${(error as Error).message}\n${stderr.slice(-4000)}`);
  }
}
