import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../integration/broker/testBroker.js';
import { requireTool, runTool } from './runTool.js';

let broker: TestBroker;
let bootstrap: string;
before(async () => {
  await requireTool('kcat', ['-V'], 'scripts/setup/kcat.sh');
  broker = await startTestBroker({ defaultPartitions: 1 });
  bootstrap = broker.broker.bootstrap;
});
after(async () => {
  await broker?.stop();
});

async function kcat(args: readonly string[], input = ''): Promise<string> {
  const result = await runTool('kcat', ['-b', bootstrap, ...args], input);
  assert.equal(result.code, 0, `kcat ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

test('kcat -L lists this broker as controller and the topics', async () => {
  await kcat(['-P', '-t', 'listed', '-p', '0'], 'x\n');
  const metadata = await kcat(['-L']);
  assert.match(metadata, /broker 1 at 127\.0\.0\.1:\d+ \(controller\)/);
  assert.match(metadata, /topic "listed" with 1 partitions/);
});

for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
  test(`kcat produce and consume with ${codec} compression, CRCs checked, exact offsets`, async () => {
    const topic = `codec-${codec}`;
    const lines = Array.from({ length: 500 }, (_, i) => `${codec}-record-${i}`);
    await kcat(['-P', '-t', topic, '-p', '0', '-z', codec], `${lines.join('\n')}\n`);
    await kcat(['-P', '-t', topic, '-p', '0', '-z', codec], 'last\n');
    const out = await kcat([
      '-C',
      '-t',
      topic,
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
      '-q',
      '-X',
      'check.crcs=true',
      '-f',
      '%o %s\n',
    ]);
    const expected = [...lines, 'last'].map((line, offset) => `${offset} ${line}`);
    assert.deepEqual(out.trimEnd().split('\n'), expected);
    const tail = await kcat(['-C', '-t', topic, '-p', '0', '-o', '498', '-e', '-q', '-f', '%o %s\n']);
    assert.deepEqual(tail.trimEnd().split('\n'), [`498 ${codec}-record-498`, `499 ${codec}-record-499`, '500 last']);
  });
}

test('kcat -G resumes a group at its committed offsets', async () => {
  await kcat(['-P', '-t', 'grouped', '-p', '0'], 'g1\ng2\ng3\n');
  const groupArgs = ['-G', 'kcat-group', '-X', 'auto.offset.reset=earliest', '-e', '-q', '-f', '%o %s\n', 'grouped'];
  assert.deepEqual((await kcat(groupArgs)).trimEnd().split('\n'), ['0 g1', '1 g2', '2 g3']);
  await kcat(['-P', '-t', 'grouped', '-p', '0'], 'g4\ng5\n');
  assert.deepEqual((await kcat(groupArgs)).trimEnd().split('\n'), ['3 g4', '4 g5']);
});

test('kcat -Q finds offsets by timestamp', async () => {
  // kcat stamps records with the time it sends them: separate runs give increasing timestamps.
  for (let i = 0; i < 4; i++) {
    await kcat(['-P', '-t', 'timed', '-p', '0'], `v${i}\n`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const stamps = (await kcat(['-C', '-t', 'timed', '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '%o %T\n']))
    .trimEnd()
    .split('\n')
    .map((line) => line.split(' ').map(Number) as [number, number]);
  const [, third] = stamps[2] as [number, number];
  const answer = await kcat(['-Q', '-t', `timed:0:${third}`]);
  assert.match(answer, /timed \[0\] offset 2/);
  const future = await kcat(['-Q', '-t', `timed:0:${(stamps[3] as [number, number])[1] + 60_000}`]);
  assert.match(future, /timed \[0\] offset -1/);
});
