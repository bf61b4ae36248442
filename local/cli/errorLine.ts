/**
 * One line for a failure the user must read (a CLI command, the embedded stack's start): the error's
 * message and those of its causes, each once, without the stack.
 */
export function errorLine(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && parts.length < 5) {
    const message = (current instanceof Error ? current.message : String(current)).replace(/\s*\n\s*/g, ' ').trim();
    if (message !== '' && !parts.some((part) => part.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'failed';
}
