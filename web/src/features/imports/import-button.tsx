import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import type { ImportRecordType } from './import-api';

export const IMPORT_LIST_PATHS: Record<ImportRecordType, string> = { customer: '/customers', contact: '/contacts' };

/** An import's page under its list (so the side menu shows where one is); /imports/:id leads there too. */
export function importPath(recordType: ImportRecordType, id: string): string {
  return `${IMPORT_LIST_PATHS[recordType]}/imports/${encodeURIComponent(id)}`;
}

/** "Import" beside a list's export menu; only for roles that create records (crm.write), like the server asks. */
export function ImportButton({ recordType }: { recordType: ImportRecordType }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { canWrite } = useCrmPermissions();
  if (!canWrite) {
    return null;
  }
  return (
    <Button
      icon={<UploadOutlined />}
      data-testid={`${recordType}-import`}
      onClick={() => void navigate(`${IMPORT_LIST_PATHS[recordType]}/import`)}
    >
      {t('imports.button')}
    </Button>
  );
}
