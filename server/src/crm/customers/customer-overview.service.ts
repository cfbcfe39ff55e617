import { recordId, type CrmCaller } from '../access/access.service.ts';
import { contactListQuery } from '../contacts/contact.schema.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import { dealListQuery } from '../deals/deal.schema.ts';
import type { DealService } from '../deals/deal.service.ts';
import { followUpListQuery } from '../follow-ups/follow-up.schema.ts';
import type { FollowUpService } from '../follow-ups/follow-up.service.ts';
import type { CustomerService } from './customer.service.ts';

/**
 * What a customer's page shows when it opens, in one request: the customer, the first page of its follow-up timeline,
 * its contacts and its deals (the follow-up composer's pickers), each exactly as its own list route answers with these
 * parameters, so the web app can seed those queries' caches. The four reads run at once, each scoped as on its own
 * route; a customer the caller may not see is a 404 and nothing of the lists is returned (they are scoped anyway).
 */
export class CustomerOverviewService {
  /** The web app's requests the overview stands for (web/src/features/…-api.ts): change them together. */
  static readonly FOLLOW_UPS = followUpListQuery.parse({ limit: 20 });
  static readonly CONTACTS = contactListQuery.parse({ sort: 'name', order: 'asc', limit: 50 });
  static readonly DEALS = dealListQuery.parse({ limit: 100 });

  constructor(
    private readonly customers: CustomerService,
    private readonly followUps: FollowUpService,
    private readonly contacts: ContactService,
    private readonly deals: DealService,
  ) {}

  async get(caller: CrmCaller, rawId: string) {
    const customerId = recordId(rawId);
    const [customer, followUps, contacts, deals] = await Promise.all([
      this.customers.get(caller, customerId),
      this.followUps.list(caller, { ...CustomerOverviewService.FOLLOW_UPS, customerId }),
      this.contacts.list(caller, { ...CustomerOverviewService.CONTACTS, customerId }),
      this.deals.list(caller, { ...CustomerOverviewService.DEALS, customerId }),
    ]);
    return { customer, followUps, contacts, deals };
  }
}
