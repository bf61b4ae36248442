/**
 * At most one run of a step at a time in this process; calls that arrive during a run share ONE
 * follow-up run (which sees everything committed before they arrived), so a burst of commit events
 * costs two runs, not one per event. Across processes, commit requirements keep runs from
 * double-applying.
 */
export class SingleFlight<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly step: () => Promise<T>) {}

  run(): Promise<T> {
    if (this.queued) return this.queued;
    if (this.running) {
      const after = this.running.catch(() => undefined);
      this.queued = after.then(() => {
        this.queued = undefined;
        return this.start();
      });
      return this.queued;
    }
    return this.start();
  }

  private start(): Promise<T> {
    const run = this.step().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
