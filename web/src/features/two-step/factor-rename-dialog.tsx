import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { useStepUp } from '../step-up/step-up-context';
import { shownError } from './factor-errors';
import { FactorNameField } from './factor-name-field';
import { refreshTwoStep } from './two-step-api';

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
          <FactorNameField label={label} />
          <FormErrorAlert error={shownError(rename.error)} />
        </Form>
      ) : null}
    </Modal>
  );
}
