import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { refreshTwoStep } from './two-step-api';

/** Longest factor name the forms accept (the server allows a little more). */
export const FACTOR_NAME_MAX = 60;

interface FactorRenameDialogProps {
  /** The factor being renamed; null keeps the dialog closed. */
  factor: { id: string; name: string } | null;
  /** Form name, unique on the page (field ids derive from it). */
  formName: string;
  label: string;
  rename: (id: string, name: string) => Promise<unknown>;
  onClose: () => void;
}

/** Renames an authenticator app or a passkey (behind "confirm it's you" when the server asks for it). */
export function FactorRenameDialog({
  factor,
  formName,
  label,
  rename: renameFactor,
  onClose,
}: FactorRenameDialogProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [form] = Form.useForm<{ name: string }>();
  const rename = useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => withStepUp(() => renameFactor(id, name)),
    onSuccess: () => {
      void refreshTwoStep(queryClient);
      onClose();
    },
  });
  return (
    <Modal
      open={factor !== null}
      title={t('twoStep.factor.renameTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('twoStep.factor.save')}
      cancelText={t('common.cancel')}
      confirmLoading={rename.isPending}
      afterOpenChange={(isOpen) => (isOpen ? undefined : rename.reset())}
      destroyOnHidden
      width={420}
    >
      {factor ? (
        <Form<{ name: string }>
          form={form}
          name={formName}
          layout="vertical"
          requiredMark={false}
          initialValues={{ name: factor.name }}
          onFinish={(values) => rename.mutate({ id: factor.id, name: values.name.trim() })}
          style={{ marginTop: 16 }}
        >
          <Form.Item
            label={label}
            name="name"
            rules={[
              { required: true, whitespace: true, message: t('twoStep.totp.nameRequired') },
              { max: FACTOR_NAME_MAX, message: t('twoStep.totp.nameTooLong', { max: FACTOR_NAME_MAX }) },
            ]}
          >
            <Input maxLength={FACTOR_NAME_MAX} autoComplete="off" autoFocus />
          </Form.Item>
          <FormErrorAlert error={rename.error && !isStepUpCancelled(rename.error) ? rename.error : null} />
        </Form>
      ) : null}
    </Modal>
  );
}
