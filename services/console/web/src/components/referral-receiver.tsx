import { Space, Tag, Typography } from 'antd';
import { useNames } from '../api/directory';
import type { ReferralRoute, ReferralView } from '../api/views';
import { nameOf } from '../i18n/domain-names';
import { useLocale } from '../i18n/locale';

/** The kind of receiver a route names: provider, department, or the kind of a receiver the pack names. */
export const receiverKindOf = (route: ReferralRoute): string =>
  route.kind === 'provider' ? 'provider' : (route.receiverKind ?? 'department');

/**
 * Who a referral was sent to: the kind of receiver (签约服务机构、部门、基层党组织、“红马夹”帮扶队 …) and its name
 * from the region's directory, never a bare code; "not routed" when nobody was found.
 */
export function ReceiverCell({ route }: { route: ReferralView['route'] }) {
  const names = useNames();
  const { m, names: fixed } = useLocale();
  if (!route) return <Typography.Text type="secondary">{m.referralPanel.routeNone}</Typography.Text>;
  return (
    <Space size={4} wrap data-testid="referral-receiver">
      <Tag>{nameOf(fixed.receiverKind, receiverKindOf(route))}</Tag>
      <span>{route.kind === 'provider' ? names.provider(route.providerId) : names.receiver(route.departmentCode)}</span>
    </Space>
  );
}

/** The delivery mode (服务方式) a referral was routed by, named by the region's pack (its own name otherwise). */
export function ModeName({ mode }: { mode: ReferralView['mode'] }) {
  const names = useNames();
  if (!mode) return null;
  const name = names.mode(mode.code);
  return <span data-testid="referral-mode">{name === mode.code ? mode.name : name}</span>;
}

/** The colour of a referral's state where staff follow it: waiting on staff red/orange, on the list purple. */
export const referralStatusColor = (status: ReferralView['status']): string =>
  status === 'awaiting_provider'
    ? 'red'
    : status === 'awaiting_consent'
      ? 'orange'
      : status === 'awaiting_list'
        ? 'purple'
        : 'blue';
