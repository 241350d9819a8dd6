import { useEffect, useId, useRef, type ReactNode } from 'react';
import './dialogs.css';

interface Props {
  title: string;
  /** Wider, for tables. */
  wide?: boolean;
  onClose(): void;
  children: ReactNode;
}

/** A native modal <dialog>: focus is kept inside, Escape closes it, the page behind is inert. */
export function Modal({ title, wide, onClose, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
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
        <button className="modal-close" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
