/** A --port style option value: an integer 0-65535, else an error naming the flag and the value. */
export function parsePort(text: string, flag = '--port'): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new Error(`invalid ${flag} ${text}: expected a port 0-65535`);
  return port;
}
