/** Paths of things the setup scripts install, resolved from the compiled test's location. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/tests/interop/iceberg/services -> repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

/** The path of a tool installed by a setup script, or an error naming the script to run. */
export function installedTool(relativePath: string, setupScript: string): string {
  const full = path.join(repoRoot, relativePath);
  if (!fs.existsSync(full)) {
    throw new Error(`${full} is missing: run scripts/setup/${setupScript} (it installs it)`);
  }
  return full;
}

export function venvPython(): string {
  return installedTool('.cache/venv/bin/python', 'python.sh');
}
