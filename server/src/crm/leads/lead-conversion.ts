import { commonErrors, raise } from '../../http/app-error.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { Duplicate } from '../customers/customer.schema.ts';
import type { DealService } from '../deals/deal.service.ts';
import type { PipelineService } from '../deals/pipeline.service.ts';
import type { FieldChanges } from '../history/history.tables.ts';
import { leadErrors } from './lead.errors.ts';
import type { Lead, LeadConvertInput } from './lead.schema.ts';
import { leadEntry, type LeadService } from './lead.service.ts';

export type ConvertResult = { converted: { lead: Lead; customerId: string; contactId: string; dealId: string | null } } | { duplicates: Duplicate[] };

type Owner = Pick<UserRow, 'id' | 'name'>;

/**
 * Converting a lead: in ONE transaction, the customer (new, or an existing one the caller may edit), its contact, the
 * optional deal, the lead marked converted with links to all three, and history on both sides (the customer's
 * timeline says "converted from lead X"). The customers', contacts' and deals' own create steps do the work, so their
 * rules (duplicate warning, primary contact, stages, money) hold here too.
 *
 * Locks: the lead first, then the customer (→ contacts → stage → deal, the order the record services use). Nothing
 * else locks a lead and then waits on a customer the other way round, so there is no deadlock; a second conversion
 * waits on the lead's lock and then finds it converted (409).
 */
export class LeadConversion {
  constructor(
    private readonly deps: CrmDependencies,
    private readonly leads: LeadService,
    private readonly customers: CustomerService,
    private readonly contacts: ContactService,
    private readonly deals: DealService,
    private readonly pipeline: PipelineService,
  ) {}

  async convert(caller: CrmCaller, rawId: string, input: LeadConvertInput): Promise<ConvertResult> {
    const id = recordId(rawId);
    if ('id' in input.customer) recordId(input.customer.id);
    const visible = await this.leads.repository.findVisible(caller.scope, id);
    if (!visible) raise(accessErrors.NOT_FOUND);
    if (visible.status === 'converted') raise(leadErrors.ALREADY_CONVERTED);
    if (visible.canEdit !== true) raise(commonErrors.FORBIDDEN);
    const owner = await this.ownerOf(caller, visible.ownerId);
    // Reads (and on the first read creates) the default pipeline outside the transaction, as creating a deal does.
    if (input.deal) await this.pipeline.stages(caller.user.orgId);

    const outcome = await this.deps.identity.db.transaction(async (transaction) => {
      const locked = await this.leads.repository.lockVisible(transaction, caller.scope, id, 'live');
      if (!locked) raise(accessErrors.NOT_FOUND);
      if (locked.row.status === 'converted') raise(leadErrors.ALREADY_CONVERTED);
      if (!locked.canEdit) raise(commonErrors.FORBIDDEN);
      const lead = locked.row;

      let customer: { id: string; name: string };
      if ('id' in input.customer) {
        // Any customer the caller may not edit (or see, or that is in the trash) is simply not found.
        const found = await this.customers.lockEditable(transaction, caller, recordId(input.customer.id));
        if (!found) raise(accessErrors.NOT_FOUND);
        customer = found;
      } else {
        const created = await this.customers.createWithin(transaction, caller, input.customer, owner);
        if ('duplicates' in created) return created;
        customer = { id: created.id, name: input.customer.name };
      }
      const contactId = await this.contacts.createWithin(transaction, caller, { ...input.contact, customerId: customer.id });
      const dealId = input.deal ? await this.deals.createWithin(transaction, caller, { ...input.deal, customerId: customer.id, contactId }, owner) : null;

      const at = new Date();
      await this.leads.repository.update(transaction, id, {
        status: 'converted',
        unqualifiedReason: null,
        convertedAt: at,
        convertedBy: caller.user.id,
        convertedCustomerId: customer.id,
        convertedContactId: contactId,
        convertedDealId: dealId,
      });
      const leadChanges: FieldChanges = {
        status: { from: lead.status, to: 'converted' },
        customer: { from: null, to: customer.name },
        contact: { from: null, to: input.contact.name },
        ...(input.deal ? { deal: { from: null, to: input.deal.name } } : {}),
      };
      await this.deps.history.record(transaction, [
        leadEntry(caller, id, 'lead_converted', leadChanges),
        {
          orgId: caller.user.orgId,
          recordType: 'customer',
          recordId: customer.id,
          customerId: customer.id,
          actorUserId: caller.user.id,
          action: 'converted_from_lead',
          changes: { lead: { from: null, to: lead.name } },
        },
      ]);
      return { customerId: customer.id, contactId, dealId };
    });
    if ('duplicates' in outcome) return outcome;
    return { converted: { lead: await this.leads.get(caller, id), ...outcome } };
  }

  /**
   * Who owns the new customer and deal: the lead's owner when the caller may give records to him (crm.writeAll within
   * its scope, the owner still active), else the caller. A salesperson's conversion is always his own.
   */
  private async ownerOf(caller: CrmCaller, leadOwnerId: string | null): Promise<Owner> {
    if (leadOwnerId === null || leadOwnerId === caller.user.id || !caller.scope.canWriteAll) return caller.user;
    if (caller.scope.ownerIds !== null && !caller.scope.ownerIds.includes(leadOwnerId)) return caller.user;
    return (await this.customers.activeCrmMember(caller.user.orgId, leadOwnerId)) ?? caller.user;
  }
}
