/**
 * Builds the Lambda layer directory for `sls package`: the runtime dependencies of package.json
 * (and everything they depend on) under nodejs/node_modules, where Lambda's Node runtime finds them.
 * Functions then ship only the compiled code (dist/) and the SQL models.
 */
import { cp, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

async function readPackage(dir: string): Promise<PackageJson | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

/** Every package reachable from the service's dependencies (hoisted node_modules layout). */
async function dependencyClosure(serviceDir: string): Promise<string[]> {
  const root = await readPackage(serviceDir);
  const pending = Object.keys(root?.dependencies ?? {});
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    const dir = path.join(serviceDir, 'node_modules', name);
    const pkg = await readPackage(dir);
    if (!pkg) continue;
    seen.add(name);
    pending.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}));
  }
  return [...seen].sort();
}

export async function buildRuntimeLayer(serviceDir: string, layerDir: string): Promise<number> {
  await rm(layerDir, { recursive: true, force: true });
  const packages = await dependencyClosure(serviceDir);
  for (const name of packages) {
    const from = path.join(serviceDir, 'node_modules', name);
    if (!(await stat(from).catch(() => undefined))) continue;
    await cp(from, path.join(layerDir, 'nodejs', 'node_modules', name), { recursive: true, dereference: true });
  }
  return packages.length;
}
