import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { IdentityDependencies } from '../identity/services.ts';
import { AccessService } from './access/access.service.ts';
import { contactCascade } from './contacts/contact-cascade.ts';
import { registerContactRoutes } from './contacts/contact.routes.ts';
import { ContactService } from './contacts/contact.service.ts';
import type { CrmDependencies } from './crm.dependencies.ts';
import { registerCustomerRoutes } from './customers/customer.routes.ts';
import { CustomerService } from './customers/customer.service.ts';
import { HistoryService } from './history/history.service.ts';
import { registerOffboardingRoutes } from './offboarding/offboarding.routes.ts';
import { OffboardingService } from './offboarding/offboarding.service.ts';
import { registerSearchRoutes } from './search/search.routes.ts';
import { SearchService } from './search/search.service.ts';
import { registerTeamRoutes } from './teams/team.routes.ts';
import { TeamService } from './teams/team.service.ts';

/** The CRM: teams and data scopes, customers, contacts, record history, trash, transfers and search. */
export function registerCrm(app: FastifyInstance, identity: IdentityDependencies, config: Config) {
  const teams = new TeamService(identity);
  const deps: CrmDependencies = { identity, teams, access: new AccessService(teams), history: new HistoryService(), customerCascades: [contactCascade] };
  const customers = new CustomerService(deps);
  const contacts = new ContactService(deps);
  registerTeamRoutes(app, teams);
  registerCustomerRoutes(app, deps.access, customers);
  registerContactRoutes(app, deps.access, contacts);
  registerSearchRoutes(app, deps.access, new SearchService(customers, contacts));
  registerOffboardingRoutes(app, config, new OffboardingService(deps, customers));
  return { customers, contacts, teams };
}
