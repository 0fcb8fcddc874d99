import { Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useNames } from '../../api/directory';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';

/** The case number, linking to the case page. */
export function CaseLink({ caseId, caseNumber }: { caseId: string; caseNumber: string }) {
  return (
    <Link to={`/cases/${encodeURIComponent(caseId)}`} data-testid="case-link">
      {caseNumber}
    </Link>
  );
}

/**
 * Catalogue items by name, the code on hover (the browser's own tooltip: a list shows dozens of these, and an antd
 * Tooltip and Space around each cost more to render than the row itself).
 */
export function ItemTags({ codes }: { codes: string[] }) {
  const names = useNames();
  return (
    <span className="tag-list">
      {codes.map((c) => (
        <Tag key={c} title={c}>
          {names.item(c)}
        </Tag>
      ))}
    </span>
  );
}

/** Township · village by name. */
export function PlaceCell({ township, village }: { township?: string; village?: string }) {
  const names = useNames();
  return <span>{[names.place(township), village ? names.place(village) : ''].filter(Boolean).join(' · ')}</span>;
}

export function ChannelTag({ channel }: { channel: string }) {
  const { names } = useLocale();
  return <Tag color="blue">{nameOf(names.channel, channel)}</Tag>;
}

/** A masked ID number (the service masks it: first 3 and last 2 characters). */
export function MaskedId({ value }: { value?: string }) {
  return <span className="masked-id">{value ?? ''}</span>;
}
