/** The local Coinbase Exchange simulator (WebSocket + REST, generator, replay, faults). */
export type { FaultCommand, FaultKind, FaultRates, FrameKind } from './faults.js';
export type { SimTrade } from './Market.js';
export {
  DEFAULT_PRODUCTS,
  type GeneratorOptions,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from './Simulator.js';
