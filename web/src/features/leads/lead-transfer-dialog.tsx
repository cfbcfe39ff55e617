import { useQueryClient } from '@tanstack/react-query';
import { OwnerTransferDialog } from '../crm/owner-transfer-dialog';
import { leadApi, refreshLeads } from './lead-api';
import type { Lead } from './lead-types';

interface LeadTransferDialogProps {
  /** The leads to hand over (one from the detail page, several from the list). Mounted only while open. */
  leads: Pick<Lead, 'id' | 'name' | 'ownerId'>[];
  onClose: () => void;
  onTransferred?: () => void;
}

/** Hand leads to another member: all or nothing, recorded in each lead's history. */
export function LeadTransferDialog({ leads, onClose, onTransferred }: LeadTransferDialogProps) {
  const queryClient = useQueryClient();
  return (
    <OwnerTransferDialog
      records={leads}
      textPrefix="leadTools.transfer"
      transfer={(ids, toUserId, note) => leadApi.transfer(ids, toUserId, note)}
      onRefresh={() => void refreshLeads(queryClient)}
      onClose={onClose}
      formName="transfer-leads"
      {...(onTransferred ? { onTransferred } : {})}
    />
  );
}
