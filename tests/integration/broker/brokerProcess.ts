/**
 * Runs a broker in its own process for the crash test: `node brokerProcess.js <dataDir>` prints
 * `ready <port>` once it listens, and is meant to be ended with SIGKILL.
 */
import { startBroker } from '../../../local/broker/index.js';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: brokerProcess.js <dataDir>');
const broker = await startBroker({
  port: 0,
  dataDir,
  fsync: 'interval',
  fsyncIntervalMs: 50,
  onProblem: () => undefined,
});
process.stdout.write(`ready ${broker.port}\n`);
