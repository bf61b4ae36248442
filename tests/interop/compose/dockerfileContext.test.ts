/**
 * compose/Dockerfile copies only some of the repository into the image. Without a Docker engine, the same
 * COPY set is assembled in a temp directory (node_modules linked in place of `npm ci`) and built with the
 * project's TypeScript build: it must compile, produce every handler serverless.yml names, and run the CLI
 * the producer container starts, with the producer's compose environment.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { environmentOf, repoRoot, resolvedCompose } from './composeConfig.js';

/** The sources of the Dockerfile's COPY instructions (flags and the destination dropped). */
function copiedPaths(dockerfile: string): string[] {
  return dockerfile
    .split('\n')
    .filter((line) => /^COPY\s/.test(line))
    .flatMap((line) => {
      const words = line
        .trim()
        .split(/\s+/)
        .slice(1)
        .filter((word) => !word.startsWith('--'));
      return words.slice(0, -1);
    });
}

describe('compose/Dockerfile: the files it copies build and run on their own', () => {
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-image-context-'));
    const sources = copiedPaths(fs.readFileSync(path.join(repoRoot, 'compose', 'Dockerfile'), 'utf8'));
    assert.ok(sources.includes('package-lock.json') && sources.includes('layers'), sources.join(' '));
    for (const source of sources) {
      fs.cpSync(path.join(repoRoot, source), path.join(dir, source), { recursive: true });
    }
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compiles with npm run build (tsc) and emits every handler of serverless.yml', () => {
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(build.status, 0, `tsc in the image's file set failed:\n${build.stdout}\n${build.stderr}`);
    const serverless = fs.readFileSync(path.join(dir, 'serverless.yml'), 'utf8');
    const handlers = [...serverless.matchAll(/handler:\s*(\S+)\.handler/g)].map((match) => match[1] as string);
    assert.ok(handlers.length > 0, 'serverless.yml names no handlers');
    for (const handler of handlers) assert.ok(fs.existsSync(path.join(dir, `${handler}.js`)), `${handler}.js missing`);
    const plugin = /^\s*-\s*(\.\/dist\/\S+)$/m.exec(serverless)?.[1];
    assert.ok(plugin && fs.existsSync(path.join(dir, plugin)), `serverless.yml plugin ${plugin} missing`);
  });

  it("runs `lakehouse config` with the producer's compose environment", () => {
    const producer = resolvedCompose().services.producer;
    assert.ok(producer, 'compose/docker-compose.yml has no producer service');
    const result = spawnSync(process.execPath, ['bin/lakehouse.js', 'config', '--json'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...environmentOf(producer) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, `lakehouse config failed:\n${result.stdout}\n${result.stderr}`);
    const printed = JSON.parse(result.stdout) as { kafka: { brokers?: string; topic: string } };
    assert.equal(printed.kafka.brokers, environmentOf(producer).KAFKA_BROKERS);
    assert.equal(printed.kafka.topic, environmentOf(producer).KAFKA_TOPIC);
  });
});
