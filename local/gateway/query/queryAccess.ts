/**
 * Who may see and cancel a query: its own user, and the configured admin user (Trino's file-based
 * access control with a `query` rule of `allow: [view, kill]` for that user and `queryOwner` for
 * everyone else). Trino refuses the rest with AccessDeniedException ("Access Denied: ...").
 */
import { GatewayQueryError } from '../protocol/errors.js';

export interface QueryAccess {
  /** Sees and cancels every user's queries. */
  readonly adminUser?: string;
}

export function mayAccessQuery(access: QueryAccess, viewer: string, owner: string | undefined): boolean {
  return viewer === owner || (access.adminUser !== undefined && viewer === access.adminUser);
}

/** Trino's AccessDeniedException messages for viewing and killing another user's query. */
export function queryAccessDenied(action: 'view' | 'kill', owner: string | undefined): GatewayQueryError {
  return new GatewayQueryError(
    'PERMISSION_DENIED',
    `Access Denied: Cannot ${action} query owned by ${owner ?? 'an unknown user'}`,
  );
}
