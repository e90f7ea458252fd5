// A labelled input of an entry form: the label above, the control below.
import type { ReactNode } from 'react';

export function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed in and rendered inside the label
    <label className={wide ? 'entry-field wide' : 'entry-field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}
