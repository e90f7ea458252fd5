// R21 线上考核: the city platform's monthly scores per worker, imported from its .xlsx export (columns
// 网格员编号 and 得分) for the month on screen; a worker's score given again replaces it.
import { useRef, useState } from 'react';
import { assessment } from '../../../../shared/assessment/contract.ts';
import { call } from '../../../platform/api.ts';
import { useT } from '../../../platform/i18n.ts';
import { useEndpoint } from '../../../platform/useEndpoint.ts';
import { EntryForm } from './EntryForm.tsx';
import { Field } from './Field.tsx';
import { FilePicker } from './FilePicker.tsx';
import { useEntry } from './useEntry.ts';

export function OnlineEntry({ month }: { month: string }) {
  const { t } = useT();
  const entry = useEntry();
  const fileInput = useRef<HTMLInputElement>(null);
  // A new picker after each file sent: the chosen name is cleared with it.
  const [round, setRound] = useState(0);
  const online = useEndpoint(assessment.ledger, { query: { month } })?.online ?? [];
  return (
    <div className="entry-sub" data-testid="entry-online">
      <EntryForm
        title={t('entry.online.import', { month })}
        testid="online-form"
        entry={entry}
        submit={t('entry.import')}
        onSubmit={async () => {
          const file = fileInput.current?.files?.[0];
          if (!file) return entry.refuse(t('entry.pickFile'));
          const ok = await entry.run(
            () => call(assessment.importOnlineScores, { query: { month }, raw: file }),
            (x) => t('entry.online.imported', { n: x.imported }),
          );
          if (ok) setRound(round + 1);
        }}
      >
        <Field label={t('entry.study.file')} wide>
          <FilePicker key={round} inputRef={fileInput} accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" testid="online-file" />
        </Field>
        <p className="muted">{t('entry.online.columns')}</p>
      </EntryForm>
      <p className="muted" data-testid="online-count">
        {t('entry.online.count', { n: online.length })}
      </p>
    </div>
  );
}
