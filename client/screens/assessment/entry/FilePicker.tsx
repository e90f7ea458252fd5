// A file input in the interface's language: the browser's own button speaks the browser's language
// ("Choose File"), so it is hidden behind a button of ours with the chosen file's name beside it.
import { type RefObject, useState } from 'react';
import { useT } from '../../../platform/i18n.ts';

export function FilePicker(props: {
  accept: string;
  testid?: string;
  label?: string;
  /** The input, for a form that sends the file on submit. */
  inputRef?: RefObject<HTMLInputElement | null>;
  /** For a picker that sends the file at once. */
  onPick?: (file: File) => void;
}) {
  const { t } = useT();
  const [name, setName] = useState('');
  return (
    <span className="file-picker">
      <label className="button">
        {props.label ?? t('entry.chooseFile')}
        <input
          ref={props.inputRef}
          type="file"
          accept={props.accept}
          data-testid={props.testid}
          onChange={(e) => {
            const f = e.target.files?.[0];
            setName(f?.name ?? '');
            if (f && props.onPick) {
              props.onPick(f);
              e.target.value = '';
              setName('');
            }
          }}
        />
      </label>
      {!props.onPick && <span className="muted">{name || t('entry.noFile')}</span>}
    </span>
  );
}
