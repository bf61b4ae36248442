/** One part of the embedded stack the plugin starts: where it listens, and how to stop it. */
export interface StartedComponent {
  /** One readable line: what it is and where it listens. */
  readonly description: string;
  stop(): Promise<void>;
}

export interface ComponentSpec {
  readonly name: string;
  start(): Promise<StartedComponent>;
}

/** Starts the components in order; if one fails, stops the ones already running (last first). */
export async function startAll(
  specs: readonly ComponentSpec[],
  announce: (line: string) => void,
): Promise<StartedComponent[]> {
  const started: StartedComponent[] = [];
  try {
    for (const spec of specs) {
      const component = await spec.start();
      started.push(component);
      announce(component.description);
    }
    return started;
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

export async function stopAll(started: readonly StartedComponent[]): Promise<void> {
  for (const component of [...started].reverse()) {
    await component.stop().catch((error: unknown) => {
      process.stderr.write(`lakehouse: stopping ${component.description}: ${String(error)}\n`);
    });
  }
}
