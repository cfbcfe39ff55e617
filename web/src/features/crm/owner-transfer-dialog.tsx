import { useMutation } from '@tanstack/react-query';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { useMemberDirectory } from './member-directory';
import { MemberSelect } from './member-select';

interface TransferValues {
  toUserId: string;
  note?: string;
}

/** A record whose owner changes: enough to name it and to leave its current owner out of the choices. */
export interface TransferableRecord {
  id: string;
  name: string;
  ownerId: string | null;
}

export interface OwnerTransferDialogProps {
  /** The records to hand over (one from a detail page, several from a list). Mounted only while open. */
  records: TransferableRecord[];
  /**
   * Where the texts live: `<prefix>.titleOne|titleMany|explain|to|toPlaceholder|toRequired|note|notePlaceholder|submit|done`
   * (titleMany and done are plurals with `count`).
   */
  textPrefix: string;
  /** The list's own endpoint (POST /api/<records>/transfer: all or nothing). */
  transfer: (ids: string[], toUserId: string, note: string | undefined) => Promise<{ transferred: number }>;
  /** Refresh whatever shows the records' owners. */
  onRefresh: () => void;
  onClose: () => void;
  onTransferred?: () => void;
  /** The form's name (tests and autofill tell dialogs apart by it). */
  formName: string;
}

/** Hand records to another member: all or nothing, recorded in each record's history (customers, leads, …). */
export function OwnerTransferDialog({
  records,
  textPrefix,
  transfer: send,
  onRefresh,
  onClose,
  onTransferred,
  formName,
}: OwnerTransferDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const directory = useMemberDirectory();
  const [form] = Form.useForm<TransferValues>();
  const text = (key: string, options?: Record<string, unknown>) => t(`${textPrefix}.${key}`, options);
  const single = records.length === 1 ? records[0] : undefined;
  const owners = new Set(records.map((record) => record.ownerId));
  // When every selected record has the same owner, handing them to that owner would change nothing.
  const sameOwner = owners.size === 1 ? [...owners][0] : undefined;
  const choices = directory.assignable.filter((member) => member.id !== sameOwner);

  const transfer = useMutation({
    mutationFn: (values: TransferValues) =>
      send(
        records.map((record) => record.id),
        values.toUserId,
        values.note?.trim() || undefined,
      ),
    onSuccess: (result, values) => {
      onRefresh();
      void message.success(text('done', { count: result.transferred, name: directory.nameOf(values.toUserId) ?? '' }));
      onTransferred?.();
      onClose();
    },
  });

  return (
    <Modal
      open
      title={single ? text('titleOne', { name: single.name }) : text('titleMany', { count: records.length })}
      okText={text('submit')}
      cancelText={t('common.cancel')}
      confirmLoading={transfer.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={520}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {text('explain')}
      </Typography.Paragraph>
      <Form<TransferValues>
        form={form}
        name={formName}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => transfer.mutate(values)}
      >
        <Form.Item name="toUserId" label={text('to')} rules={[{ required: true, message: text('toRequired') }]}>
          <MemberSelect
            members={choices}
            loading={directory.loading}
            placeholder={text('toPlaceholder')}
            aria-label={text('to')}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={text('note')}
          rules={[{ max: 500, message: t('customers.form.tooLong', { max: 500 }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} placeholder={text('notePlaceholder')} />
        </Form.Item>
        <FormErrorAlert error={transfer.error} />
      </Form>
    </Modal>
  );
}
