// An entry form of the assessment screen: its title, its fields, the button, and beside the button what the
// server said — the error in the interface's language (the inputs kept) or that the record was saved.
// The server is the judge of every input (noValidate): what it refuses is said here, nothing is changed.
import type { ReactNode } from 'react';
import { useT } from '../../../platform/i18n.ts';
import type { Entry } from './useEntry.ts';

export function EntryForm(props: {
  title: string;
  testid: string;
  entry: Entry;
  onSubmit: () => unknown;
  submit?: string;
  children: ReactNode;
  /** What goes under the fields, across the form (a table of rows to fill). */
  below?: ReactNode;
}) {
  const { t } = useT();
  const { entry } = props;
  return (
    <form
      className="entry-form"
      data-testid={props.testid}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit();
      }}
    >
      <h3>{props.title}</h3>
      <div className="entry-fields">{props.children}</div>
      {props.below}
      <div className="entry-actions">
        <button type="submit" disabled={entry.busy}>
          {props.submit ?? t('entry.save')}
        </button>
        {entry.error && (
          <span className="error" role="alert" data-testid="entry-error">
            {entry.error}
          </span>
        )}
        {entry.done && !entry.error && (
          <span className="ok" role="status" data-testid="entry-done">
            {entry.done}
          </span>
        )}
      </div>
    </form>
  );
}
