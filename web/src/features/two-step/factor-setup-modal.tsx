import { Modal } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';

interface FactorSetupModalProps {
  open: boolean;
  title: string;
  onClose: () => void;
  /** The steps, mounted while open; `onCodesShown` locks the dialog until the user closes it from the codes step. */
  children: (steps: { onClose: () => void; onCodesShown: () => void }) => ReactNode;
}

/** The dialog that adds a second factor (authenticator app, passkey). */
export function FactorSetupModal({ open, title, onClose, children }: FactorSetupModalProps) {
  // While the recovery codes show, only "I saved them" → Done closes the dialog: they are never shown again.
  const [showingCodes, setShowingCodes] = useState(false);
  const close = () => {
    setShowingCodes(false);
    onClose();
  };
  return (
    <Modal
      open={open}
      title={title}
      footer={null}
      onCancel={close}
      closable={!showingCodes}
      keyboard={!showingCodes}
      maskClosable={false}
      destroyOnHidden
      width={560}
    >
      {open ? children({ onClose: close, onCodesShown: () => setShowingCodes(true) }) : null}
    </Modal>
  );
}
