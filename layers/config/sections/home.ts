import { enumVar, stringVar } from '../env.js';

export const homeSection = {
  home: stringVar(
    'LAKEHOUSE_HOME',
    './.lakehouse',
    'Directory for all local state: warehouse, catalog, broker log, caches.',
  ),
  logLevel: enumVar(
    'LOG_LEVEL',
    'info',
    ['debug', 'info', 'warn', 'error'] as const,
    'Least severe log level printed.',
  ),
} as const;
