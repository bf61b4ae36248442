import { CommitConflictError, PipelineError } from './errors.js';

/** Runs a step again from the start (re-reading the tables) each time its commit loses a race. */
export async function retryOnConflict<T>(what: string, attempts: number, step: () => Promise<T>): Promise<T> {
  let last: CommitConflictError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof CommitConflictError)) throw error;
      last = error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 10 * 2 ** attempt * Math.random())));
    }
  }
  throw new PipelineError(`${what}: still conflicting after ${attempts} attempts`, true, { cause: last });
}
