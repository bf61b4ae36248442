import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { FileAlreadyExistsError, ObjectStoreError, S3FileIO } from '../../../layers/iceberg/index.js';

function sdkError(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

/** An S3 client whose answers come from `answer`; objects it stores are kept in `objects`. */
function fakeS3(answer: (command: unknown, objects: Map<string, Uint8Array>) => unknown) {
  const objects = new Map<string, Uint8Array>();
  const commands: string[] = [];
  const client = {
    async send(command: { constructor: { name: string } }) {
      commands.push(command.constructor.name);
      return answer(command, objects);
    },
  } as unknown as S3Client;
  return { client, objects, commands };
}

const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

function s3FileIO(client: S3Client, cacheDir: string): S3FileIO {
  return new S3FileIO({
    client,
    retry: fast,
    cache: { dir: cacheDir, maxBytes: 1024 * 1024 },
    multipartThresholdBytes: 8,
    partSizeBytes: 8,
  });
}

describe('S3FileIO requests that fail with no answer', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 's3-unanswered-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const put = (objects: Map<string, Uint8Array>, command: PutObjectCommand) =>
    objects.set(String(command.input.Key), command.input.Body as Uint8Array);
  const get = (objects: Map<string, Uint8Array>, command: GetObjectCommand) => {
    const body = objects.get(String(command.input.Key));
    if (body === undefined) throw sdkError('NoSuchKey', 404);
    return { Body: { transformToByteArray: async () => body } };
  };

  it('createExclusive accepts a 412 for its own PUT that landed before an unanswered attempt', async () => {
    let puts = 0;
    const s3 = fakeS3((command, objects) => {
      if (command instanceof PutObjectCommand) {
        puts++;
        if (objects.has(String(command.input.Key))) throw sdkError('PreconditionFailed', 412);
        put(objects, command);
        throw sdkError('ServiceUnavailable', 503);
      }
      if (command instanceof GetObjectCommand) return get(objects, command);
      throw new Error('unexpected command');
    });
    await s3FileIO(s3.client, dir).createExclusive('s3://bucket/a.json', Buffer.from('mine'));
    assert.equal(puts, 2);
  });

  it("createExclusive refuses a 412 for another writer's object, after an unanswered attempt or not", async () => {
    for (const firstAnswer of [503, 412]) {
      let puts = 0;
      const s3 = fakeS3((command, objects) => {
        if (command instanceof PutObjectCommand) {
          puts++;
          if (puts === 1 && firstAnswer === 503) throw sdkError('ServiceUnavailable', 503);
          objects.set(String(command.input.Key), Buffer.from('theirs'));
          throw sdkError('PreconditionFailed', 412);
        }
        if (command instanceof GetObjectCommand) return get(objects, command);
        throw new Error('unexpected command');
      });
      await assert.rejects(
        s3FileIO(s3.client, dir).createExclusive('s3://bucket/b.json', Buffer.from('mine')),
        FileAlreadyExistsError,
      );
      assert.equal(puts, firstAnswer === 503 ? 2 : 1);
      assert.ok(!s3.commands.includes('GetObjectCommand') || firstAnswer === 503, 'reads back only when unsure');
    }
  });

  it('a multipart completion that landed unanswered is recognised by the object size', async () => {
    const local = path.join(dir, 'twenty.bin');
    await writeFile(local, Buffer.alloc(20, 7));
    for (const [unanswered, size, outcome] of [
      [true, 20, 'ok'],
      [true, 19, 'fails'],
      [false, 20, 'fails'],
    ] as const) {
      let completions = 0;
      const s3 = fakeS3((command) => {
        if (command instanceof CreateMultipartUploadCommand) return { UploadId: 'u1' };
        if (command instanceof UploadPartCommand) return { ETag: `e${command.input.PartNumber}` };
        if (command instanceof CompleteMultipartUploadCommand) {
          completions++;
          if (completions === 1 && unanswered) throw sdkError('InternalError', 500);
          throw sdkError('NoSuchUpload', 404);
        }
        if (command instanceof HeadObjectCommand) return { ContentLength: size };
        if (command instanceof AbortMultipartUploadCommand) return {};
        throw new Error('unexpected command');
      });
      const upload = s3FileIO(s3.client, dir).putFile('s3://bucket/data.bin', local);
      if (outcome === 'ok') await upload;
      else await assert.rejects(upload, ObjectStoreError);
      assert.equal(s3.commands.filter((name) => name === 'UploadPartCommand').length, 3);
      assert.equal(completions, unanswered ? 2 : 1);
    }
  });
});
