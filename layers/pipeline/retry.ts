import { CommitConflictError, PipelineError } from './errors.js';

/**
 * Runs a step again from the start (re-reading the tables) each time its commit loses a race.
 * Losing every attempt means another instance keeps committing the same table. With
 * `whenSuperseded` the step then yields to it: that instance's runs, and the follow-up run that
 * commit events guarantee, consume this step's input, which stays in its source table. Without it
 * (bronze, whose batch must land) the caller gets a retriable error and redelivers.
 */
export async function retryOnConflict<T>(
  what: string,
  attempts: number,
  step: () => Promise<T>,
  whenSuperseded?: (conflict: CommitConflictError) => T,
): Promise<T> {
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
  if (whenSuperseded !== undefined && last !== undefined) return whenSuperseded(last);
  throw new PipelineError(`${what}: still conflicting after ${attempts} attempts`, true, { cause: last });
}
