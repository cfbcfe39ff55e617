import type { Executor } from './shared/database.ts';
import type { IdentityDependencies } from '../identity/services.ts';
import type { AccessService } from './access/access.service.ts';
import type { HistoryService } from './history/history.service.ts';
import type { TeamService } from './teams/team.service.ts';

/** The CRM's building blocks, assembled once in crm.module.ts. */
export interface CrmDependencies {
  identity: IdentityDependencies;
  access: AccessService;
  history: HistoryService;
  teams: TeamService;
  /** What follows a customer into the trash and back (contacts, deals, follow-ups…), run in the customer's transaction. */
  customerCascades: CustomerCascade[];
}

/**
 * A record kind that goes to the trash with its customer. `trash` marks the customer's live records with the
 * customer's `deleted_at`; `restore` brings back exactly those (records trashed on their own before keep their own
 * time and stay in the trash).
 */
export interface CustomerCascade {
  trash(executor: Executor, customerId: string, at: Date, by: string): Promise<void>;
  restore(executor: Executor, customerId: string, deletedAt: Date): Promise<void>;
}
