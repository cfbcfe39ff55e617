import type { AuditContext } from '../../audit/audit.service.ts';
import { raise } from '../../http/app-error.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId } from '../access/access.service.ts';
import { countContactsOfOwner } from '../contacts/contact-cascade.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { CustomerService } from '../customers/customer.service.ts';

/** The member deactivation dialog's side of the CRM: what a leaving member owns, and handing all of it over. */
export class OffboardingService {
  constructor(
    private readonly deps: CrmDependencies,
    private readonly customers: CustomerService,
  ) {}

  async owned(actor: UserRow, rawUserId: string): Promise<{ customers: number; contacts: number }> {
    const member = await this.deps.identity.users.findInOrg(actor.orgId, recordId(rawUserId));
    if (!member) raise(accessErrors.NOT_FOUND);
    const [customers, contacts] = [await this.customers.countOwned(actor.orgId, member.id), await countContactsOfOwner(this.deps.identity.db, actor.orgId, member.id)];
    return { customers, contacts };
  }

  async transferAll(actor: UserRow, fromUserId: string, toUserId: string, context: AuditContext): Promise<{ customers: number }> {
    return this.customers.transferAllOf(actor, fromUserId, toUserId, context);
  }
}
