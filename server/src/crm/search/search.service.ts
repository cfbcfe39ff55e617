import type { CrmCaller } from '../access/access.service.ts';
import { ContactService } from '../contacts/contact.service.ts';
import { CustomerService } from '../customers/customer.service.ts';
import type { LeadService } from '../leads/lead.service.ts';
import { domainSearchTerm, phoneSearchDigits } from '../shared/fields.ts';

const RESULTS_PER_KIND = 8;

/** The global search box: customers, contacts and leads in the caller's scope by name, phone digits, e-mail or domain. */
export class SearchService {
  constructor(
    private readonly customers: CustomerService,
    private readonly contacts: ContactService,
    private readonly leads: LeadService,
  ) {}

  async search(caller: CrmCaller, term: string) {
    const phoneDigits = phoneSearchDigits(term, caller.phoneRegion);
    const [customers, contacts, leads] = await Promise.all([
      this.customers.search(caller, { text: term, phoneDigits, domain: domainSearchTerm(term) }, RESULTS_PER_KIND),
      this.contacts.search(caller, { text: term, phoneDigits }, RESULTS_PER_KIND),
      this.leads.search(caller, term, RESULTS_PER_KIND),
    ]);
    return { customers, contacts, leads };
  }
}
