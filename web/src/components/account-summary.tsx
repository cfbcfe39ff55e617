import { Descriptions, Typography } from 'antd';

interface AccountSummaryProps {
  organisationLabel: string;
  orgName: string;
  accountLabel: string;
  email: string;
  /** Marks the e-mail for tests. */
  emailTestId: string;
  marginBottom: number;
}

/** Which organisation and which account a link is for, above the form that sets the password. */
export function AccountSummary({
  organisationLabel,
  orgName,
  accountLabel,
  email,
  emailTestId,
  marginBottom,
}: AccountSummaryProps) {
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      style={{ marginBottom }}
      items={[
        { key: 'org', label: organisationLabel, children: orgName },
        {
          key: 'account',
          label: accountLabel,
          children: <Typography.Text data-testid={emailTestId}>{email}</Typography.Text>,
        },
      ]}
    />
  );
}
