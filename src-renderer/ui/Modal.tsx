import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from '../i18n';
import './dialogs.css';

interface Props {
  title: string;
  /** Wider, for tables. */
  wide?: boolean;
  onClose(): void;
  children: ReactNode;
}

/**
 * A native modal <dialog>: the page behind is inert, so Tab stays inside; Escape closes it; on
 * closing, focus goes back to what had it before (the button that opened the dialog).
 */
export function Modal({ title, wide, onClose, children }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog?.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal wide' : 'modal'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="modal-head">
        <h2 id={titleId}>{title}</h2>
        <button className="modal-close" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
