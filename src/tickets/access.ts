import type { Person } from './types.js';

/**
 * Decides who may act on tickets. The bot answers it from the support team's roster and the
 * configured technicians; the decision is always made on the server from who is acting.
 */
export interface AccessPolicy {
  isTechnician(tenantId: string, person: Person): Promise<boolean>;
  /** Tier leads may resolve, release and close tickets they do not own. */
  isLead(tenantId: string, person: Person): Promise<boolean>;
  /** Admins change the help desk's settings (triage channel). */
  isAdmin(tenantId: string, person: Person): Promise<boolean>;
}
