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
}
