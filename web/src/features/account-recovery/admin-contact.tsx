import { TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface AdminContactProps {
  orgName: string;
  admins: string[];
}

/** Admin-assisted recovery: who to ask when no other way back is left (names only). */
export function AdminContact({ orgName, admins }: AdminContactProps) {
  const { t } = useTranslation();
  return (
    <div data-testid="admin-contact">
      <Flex gap={10} align="center" style={{ marginBottom: 8 }}>
        <TeamOutlined style={{ fontSize: 18 }} />
        <Typography.Text strong>{t('reset.admins.title')}</Typography.Text>
      </Flex>
      <Typography.Paragraph type="secondary">{t('reset.admins.text', { orgName })}</Typography.Paragraph>
      {admins.length > 0 ? (
        <List
          size="small"
          bordered
          dataSource={admins}
          style={{ marginBottom: 16 }}
          renderItem={(name) => (
            <List.Item>
              <Flex gap={10} align="center">
                <Avatar size="small" icon={<UserOutlined />} />
                <Typography.Text>{name}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Paragraph>{t('reset.admins.none')}</Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('reset.admins.hint')}
      </Typography.Paragraph>
    </div>
  );
}
