import { EnvironmentOutlined } from '@ant-design/icons';
import { Card, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatTime } from '../../components/countdown';
import { useLocale } from '../../i18n/locale';
import { StatusTag } from './list-parts';
import type { VisitPlaceView, VisitView } from './views';

/** The place a delivered visit is judged by: far when either end was far; the last distance measured. */
export function placeOfVisit(visit: VisitView): VisitPlaceView | undefined {
  const ends = [visit.checkIn?.place, visit.checkOut?.place].filter((p): p is VisitPlaceView => Boolean(p));
  if (ends.length === 0) return undefined;
  const measured = ends.filter((p) => p.distanceMeters !== undefined);
  return {
    ...(measured.length ? { distanceMeters: measured[measured.length - 1]!.distanceMeters } : {}),
    farFromHome: ends.some((p) => p.farFromHome),
  };
}

/** A place as staff read it: the distance from home, flagged red when far; "unknown" when nothing was measured. */
export function PlaceTag({ place }: { place: VisitPlaceView | undefined }) {
  const { m } = useLocale();
  const t = m.verification;
  if (!place) return null;
  if (place.distanceMeters === undefined) return <StatusTag color="default">{t.placeUnknown}</StatusTag>;
  return (
    <StatusTag color={place.farFromHome ? 'red' : 'default'} icon={<EnvironmentOutlined />} data-testid="visit-place">
      {place.farFromHome ? `${t.farFromHome} · ` : ''}
      {t.distance(place.distanceMeters)}
    </StatusTag>
  );
}

/**
 * Where a visit stands on its way to being verified (beside VisitStatusTag): awaiting its recipient's confirmation until …,
 * verified, disputed or unverified; with its place against the home. Scheduled, late and cancelled visits keep
 * the tag they had (VisitStatusTag).
 */
export function VerificationTags({ visit }: { visit: VisitView }) {
  const { m } = useLocale();
  const t = m.verification.state;
  const v = visit.verification;
  // A checked-in visit's own tag (VisitStatusTag) says so; here only its place.
  const tag =
    visit.status === 'checked_in' ? null : v?.state === 'awaiting' ? (
      <StatusTag color="gold">{t.awaiting(formatTime(v.confirmBy))}</StatusTag>
    ) : v?.state === 'verified' ? (
      <StatusTag color="green">{t.verified}</StatusTag>
    ) : v?.state === 'disputed' ? (
      <StatusTag color="red">{t.disputed}</StatusTag>
    ) : v?.state === 'unverified' ? (
      <StatusTag color="orange">{t.unverified}</StatusTag>
    ) : null;
  if (!tag && visit.status !== 'checked_in') return null;
  return (
    <Space
      size={4}
      wrap
      data-testid="visit-verification"
      data-state={visit.status === 'checked_in' ? 'checked_in' : v?.state}
    >
      {tag}
      <PlaceTag place={placeOfVisit(visit)} />
    </Space>
  );
}

/** The worker's check-in and check-out page of a visit (上门签到签退). */
export function CheckLink({ visit, label }: { visit: VisitView; label: string }) {
  const { m } = useLocale();
  return (
    <Link
      to={`/visits/${encodeURIComponent(visit.visitId)}/check`}
      data-testid="visit-check-link"
      aria-label={`${m.verification.check.open} ${label}`}
    >
      {m.verification.check.open}
    </Link>
  );
}

/** The one-time code, shown big once, with what the worker is to do with it. */
export function ConfirmationCode({ code, confirmBy }: { code: string; confirmBy?: string }) {
  const { m } = useLocale();
  const t = m.verification.check;
  return (
    <Card data-testid="confirmation-code-card" style={{ textAlign: 'center', borderColor: '#1677ff' }}>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        {t.codeTitle}
      </Typography.Title>
      <div
        data-testid="confirmation-code"
        aria-label={`${t.codeTitle} ${code.split('').join(' ')}`}
        style={{
          fontSize: 56,
          fontWeight: 700,
          letterSpacing: 12,
          fontVariantNumeric: 'tabular-nums',
          lineHeight: 1.2,
        }}
      >
        {code}
      </div>
      {confirmBy && <Typography.Paragraph strong>{t.confirmBy(formatTime(confirmBy))}</Typography.Paragraph>}
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t.codeHint}</Typography.Paragraph>
    </Card>
  );
}
