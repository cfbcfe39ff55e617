import { useQueryClient } from '@tanstack/react-query';
import { OwnerTransferDialog } from '../crm/owner-transfer-dialog';
import { customerApi, refreshCustomers } from './customer-api';
import type { Customer } from './customer-types';

interface TransferDialogProps {
  /** The customers to hand over (one from the 360° page, several from the list). Mounted only while open. */
  customers: Pick<Customer, 'id' | 'name' | 'ownerId'>[];
  onClose: () => void;
  onTransferred?: () => void;
}

/** Hand customers (with their contacts) to another member: all or nothing, recorded in each customer's history. */
export function TransferDialog({ customers, onClose, onTransferred }: TransferDialogProps) {
  const queryClient = useQueryClient();
  return (
    <OwnerTransferDialog
      records={customers}
      textPrefix="customers.transfer"
      transfer={(ids, toUserId, note) => customerApi.transfer(ids, toUserId, note)}
      onRefresh={() => void refreshCustomers(queryClient)}
      onClose={onClose}
      formName="transfer-customers"
      {...(onTransferred ? { onTransferred } : {})}
    />
  );
}
