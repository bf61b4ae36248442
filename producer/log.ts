/** Structured logs as JSON lines on stderr; components take a Logger so tests can capture or silence them. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function stderrLogger(component: string, minimum: LogLevel = 'info'): Logger {
  return (level, message, fields = {}) => {
    if (ORDER[level] < ORDER[minimum]) return;
    const entry = { time: new Date().toISOString(), level, component, message, ...fields };
    process.stderr.write(
      `${JSON.stringify(entry, (_key, value) => (typeof value === 'bigint' ? String(value) : value))}\n`,
    );
  };
}

export const silentLogger: Logger = () => {};
