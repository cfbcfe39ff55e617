import { Alert } from 'antd';
import { isCalmPasskeyProblem } from './passkey-api';

/** Why a passkey attempt did not work: a closed prompt calmly (info), anything else as an error; nothing without text. */
export function PasskeyProblemAlert({ error, text }: { error: unknown; text: string | null }) {
  if (!text) {
    return null;
  }
  return (
    <Alert
      type={isCalmPasskeyProblem(error) ? 'info' : 'error'}
      showIcon
      role="alert"
      title={text}
      style={{ marginBottom: 16 }}
    />
  );
}
