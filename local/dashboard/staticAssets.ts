/**
 * The files the pages load, all from this machine so the dashboard works offline: the pages, script
 * and style under static/, and the chart and Arrow libraries' browser builds from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly file: string;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** static/ in the source tree: this module runs from dist/local/dashboard/ or local/dashboard/. */
function staticDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'static'), path.resolve(here, '../../../local/dashboard/static')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'market.html')));
  if (found === undefined) throw new Error(`dashboard assets not found in ${candidates.join(' or ')}`);
  return found;
}

/** The root directory of an installed package: its package.json, or (not exported) the one above its entry point. */
function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    let dir = path.dirname(require.resolve(name));
    while (!isManifestOf(path.join(dir, 'package.json'), name)) {
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error(`package ${name} has no package.json above ${require.resolve(name)}`);
      dir = parent;
    }
    return dir;
  }
}

function isManifestOf(file: string, name: string): boolean {
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === name;
}

function asset(file: string): Asset {
  return { file, contentType: CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' };
}

/** URL path -> file, for every file the pages may load. */
export function dashboardAssets(): ReadonlyMap<string, Asset> {
  const dir = staticDir();
  const assets = new Map<string, Asset>([
    ['/', asset(path.join(dir, 'market.html'))],
    ['/health', asset(path.join(dir, 'health.html'))],
    [
      '/vendor/lightweight-charts.js',
      asset(path.join(packageDir('lightweight-charts'), 'dist/lightweight-charts.standalone.production.js')),
    ],
    ['/vendor/uplot.js', asset(path.join(packageDir('uplot'), 'dist/uPlot.iife.min.js'))],
    ['/vendor/uplot.css', asset(path.join(packageDir('uplot'), 'dist/uPlot.min.css'))],
    ['/vendor/arrow.js', asset(path.join(packageDir('apache-arrow'), 'Arrow.es2015.min.js'))],
  ]);
  for (const name of ['dashboard.css', 'common.js', 'market.js', 'health.js']) {
    assets.set(`/assets/${name}`, asset(path.join(dir, name)));
  }
  for (const [url, { file }] of assets) {
    if (!existsSync(file)) throw new Error(`dashboard asset ${url} is missing: ${file}`);
  }
  return assets;
}

export function readAsset(item: Asset): Promise<Buffer> {
  return readFile(item.file);
}
