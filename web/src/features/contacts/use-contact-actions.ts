import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { isCrmError } from '../crm/crm-errors';
import { useUndoMessage } from '../crm/use-undo-message';
import { contactApi, refreshContacts, type Contact } from './contact-api';

/** Mark a contact primary; move one to the trash at once, with Undo in the message. */
export function useContactActions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showUndo = useUndoMessage();

  const report = (error: unknown) => {
    void message.error(
      isCrmError(error, 'stale_version')
        ? t('contacts.form.staleText')
        : error instanceof Error
          ? error.message
          : String(error),
    );
  };

  const markPrimary = async (contact: Contact) => {
    try {
      await contactApi.update(contact.id, contact.version, { isPrimary: true });
      void message.success(t('contacts.action.primaryDone', { name: contact.name }));
    } catch (error) {
      report(error);
    } finally {
      void refreshContacts(queryClient);
    }
  };

  const restore = async (contact: Contact) => {
    try {
      await contactApi.restore(contact.id);
      void message.success(t('contacts.action.restored', { name: contact.name }));
    } catch (error) {
      report(error);
    } finally {
      void refreshContacts(queryClient);
    }
  };

  const remove = async (contact: Contact) => {
    try {
      await contactApi.remove(contact.id);
      showUndo(t('contacts.action.deleted', { name: contact.name }), () => restore(contact));
    } catch (error) {
      report(error);
    } finally {
      void refreshContacts(queryClient);
    }
  };

  return { markPrimary, remove };
}
