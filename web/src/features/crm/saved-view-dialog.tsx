import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { isCrmError } from './crm-errors';
import { savedViewApi, savedViewKeys, type SavedView, type SavedViewList } from './saved-views-api';
import { useCrmPermissions } from './use-crm-permissions';

interface SavedViewValues {
  name: string;
  shared: boolean;
}

interface SavedViewDialogProps {
  list: SavedViewList;
  /** null saves what is on screen as a new view; an own view is renamed (and shared or unshared). */
  view: SavedView | null;
  /** The current filters and columns, for a new view. */
  query: string;
  columns: string[];
  /** Lists without a column chooser save filters and sort only. */
  hasColumns: boolean;
  onClose: () => void;
}

/** "Save view" and "Rename": a name, and for managers whether the whole organisation sees the view. */
export function SavedViewDialog({ list, view, query, columns, hasColumns, onClose }: SavedViewDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { canWriteAll } = useCrmPermissions();
  const [form] = Form.useForm<SavedViewValues>();

  const save = useMutation({
    mutationFn: ({ name, shared }: SavedViewValues) => {
      if (view === null) {
        return savedViewApi.create({ list, name: name.trim(), query, columns, shared: canWriteAll && shared });
      }
      const sharing = canWriteAll && shared !== view.shared ? { shared } : {};
      return savedViewApi.update(view.id, { name: name.trim(), ...sharing });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: savedViewKeys.list(list) });
      void message.success(t(view === null ? 'savedViews.created' : 'savedViews.renamed', { name: saved.name }));
      onClose();
    },
    onError: (error) => {
      // A taken name is the name field's problem: say so right under it.
      if (isCrmError(error, 'view_name_taken')) {
        form.setFields([{ name: 'name', errors: [error.message] }]);
      }
    },
  });
  const formError = save.error && !isCrmError(save.error, 'view_name_taken') ? save.error : null;

  return (
    <Modal
      open
      title={view === null ? t('savedViews.dialog.createTitle') : t('savedViews.dialog.editTitle')}
      okText={view === null ? t('savedViews.dialog.create') : t('savedViews.dialog.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={460}
      destroyOnHidden
    >
      {view === null ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {hasColumns ? t('savedViews.dialog.explainColumns') : t('savedViews.dialog.explain')}
        </Typography.Paragraph>
      ) : null}
      <Form<SavedViewValues>
        form={form}
        name="saved-view"
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: view?.name ?? '', shared: view?.shared ?? false }}
        onFinish={(values) => save.mutate(values)}
        style={{ marginTop: view === null ? 0 : 16 }}
      >
        <Form.Item
          name="name"
          label={t('savedViews.dialog.name')}
          rules={[
            { required: true, whitespace: true, message: t('savedViews.dialog.nameRequired') },
            { max: 60, message: t('savedViews.dialog.nameTooLong', { max: 60 }) },
          ]}
        >
          <Input autoFocus maxLength={60} placeholder={t('savedViews.dialog.namePlaceholder')} />
        </Form.Item>
        {canWriteAll ? (
          <Form.Item
            name="shared"
            valuePropName="checked"
            extra={t('savedViews.dialog.shareHint')}
            style={{ marginBottom: formError ? 16 : 8 }}
          >
            <Checkbox>{t('savedViews.dialog.share')}</Checkbox>
          </Form.Item>
        ) : null}
        <FormErrorAlert error={formError} />
      </Form>
    </Modal>
  );
}
