import { Divider, Flex } from 'antd';
import type { Customer } from '../customers/customer-types';
import { FollowUpComposer } from './follow-up-composer';
import { FollowUpTimeline } from './follow-up-timeline';

/** The first tab of a customer's page: log what happened (when the user may edit the customer), then the timeline. */
export function CustomerFollowUpsTab({ customer }: { customer: Customer }) {
  return (
    <Flex vertical gap={4}>
      {customer.canEdit ? (
        <>
          <FollowUpComposer customerId={customer.id} />
          <Divider style={{ margin: '8px 0 16px' }} />
        </>
      ) : null}
      <FollowUpTimeline customerId={customer.id} />
    </Flex>
  );
}
