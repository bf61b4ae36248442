/** Trino's session information functions that are not keywords (current_user is: see ../sessionUser.ts). */
import { SESSION_USER_FUNCTION, SESSION_USER_VARIABLE } from '../sessionUser.js';
import { macro, type TrinoFunction } from '../TrinoFunction.js';

/** What `version()` answers: the Trino release whose behaviour the engine follows. */
export const TRINO_VERSION = '476';

export const SESSION_FUNCTIONS: readonly TrinoFunction[] = [
  macro('version', `() AS '${TRINO_VERSION}'`),
  macro(SESSION_USER_FUNCTION, `() AS getvariable('${SESSION_USER_VARIABLE}')`),
];
