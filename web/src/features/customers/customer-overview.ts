import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { contactKeys, customerContactFilters, type Contact } from '../contacts/contact-api';
import { followUpKeys, type DealOption, type FollowUp } from '../follow-ups/follow-up-api';
import { customerApi, customerKeys } from './customer-api';
import type { CursorPage, Customer } from './customer-types';

/**
 * A customer's page in one request (GET /api/customers/:id/overview): the customer and what its default tab shows
 * — the first page of the follow-up timeline and the composer's contact and deal pickers — each exactly as its own
 * request answers (follow-up-api.ts, contact-api.ts: the server mirrors their parameters).
 */
interface CustomerOverview {
  customer: Customer;
  followUps: CursorPage<FollowUp>;
  contacts: CursorPage<Contact>;
  deals: CursorPage<DealOption>;
}

const firstPage = <Item>(page: CursorPage<Item>) => ({ pages: [page], pageParams: [null] });

function seedTabs(queryClient: QueryClient, id: string, overview: CustomerOverview): void {
  queryClient.setQueryData(followUpKeys.ofCustomer(id), firstPage(overview.followUps));
  queryClient.setQueryData(contactKeys.list(customerContactFilters(id)), firstPage(overview.contacts));
  queryClient.setQueryData(followUpKeys.dealsOf(id), overview.deals);
}

/**
 * The customer of the 360° page. Opening it loads the overview and seeds the tabs' queries, so the page shows in one
 * round trip instead of the customer and then three more requests; later refreshes (after an edit, a new follow-up)
 * read the customer alone, and each tab refreshes its own list.
 */
export function useCustomerPage(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: async ({ signal }) => {
      if (queryClient.getQueryData(customerKeys.detail(id)) !== undefined) {
        return customerApi.get(id);
      }
      const overview = await api.get<CustomerOverview>(`/customers/${encodeURIComponent(id)}/overview`, {}, signal);
      seedTabs(queryClient, id, overview);
      return overview.customer;
    },
    retry: false,
  });
}
