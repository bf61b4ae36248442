/** Trino's session information functions that are not keywords (current_user is: see ../sessionUser.ts). */
import { macro, type TrinoFunction } from '../TrinoFunction.js';

/** What `version()` answers: the Trino release whose behaviour the engine follows. */
export const TRINO_VERSION = '476';

export const SESSION_FUNCTIONS: readonly TrinoFunction[] = [macro('version', `() AS '${TRINO_VERSION}'`)];
