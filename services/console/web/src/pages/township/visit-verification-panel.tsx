import { useQueries, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Form, Input, Modal, Space, Spin, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { answer } from '../../api/client';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { Paged, ReferralView } from '../../api/views';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { useLocale } from '../../i18n/locale';
import { VisitStatusTag } from '../provider/assignment-drawer';
import { PROVIDER_KEY } from '../provider/queries';
import { scheduling } from '../provider/service-clients';
import { fetchVisitPhoto, usePaperConfirmation } from '../provider/verification-queries';
import { PlaceTag, VerificationTags } from '../provider/verification-tags';
import type { VisitView } from '../provider/views';

/** A visit's photo, read (audited by provider-scheduling) and shown from memory. */
function PhotoModal({
  photo,
  onClose,
}: {
  photo: { visitId: string; photoId: string; n: number } | undefined;
  onClose: () => void;
}) {
  const { m } = useLocale();
  const query = useQuery({
    queryKey: ['visit-photo', photo?.visitId, photo?.photoId],
    queryFn: () => fetchVisitPhoto(photo!.visitId, photo!.photoId),
    enabled: Boolean(photo),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const url = useMemo(() => (query.data ? URL.createObjectURL(query.data) : undefined), [query.data]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  const title = photo ? m.verification.township.photo(photo.n) : '';
  return (
    <Modal
      open={Boolean(photo)}
      title={title}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      data-testid="visit-photo-viewer"
    >
      {query.error ? (
        <Alert type="error" showIcon title={errorMessage(query.error, m.errors.network)} />
      ) : url ? (
        <img src={url} alt={title} style={{ maxWidth: '100%' }} />
      ) : (
        <Spin />
      )}
    </Modal>
  );
}

/** The township records the recipient's signed paper confirmation of a visit, saying what the slip is. */
function PaperConfirmationModal({ visit, onClose }: { visit: VisitView | undefined; onClose: () => void }) {
  const { m } = useLocale();
  const t = m.verification.township;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const send = usePaperConfirmation();
  const ok = async () => {
    const { reason } = await form.validateFields();
    send.mutate(
      { visitId: visit!.visitId, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(t.paperRecorded);
          form.resetFields();
          send.reset();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={Boolean(visit)}
      title={t.paperTitle}
      okText={m.common.submit}
      okButtonProps={{ 'data-testid': 'paper-confirmation-submit' }}
      cancelText={m.common.cancel}
      confirmLoading={send.isPending}
      onOk={() => void ok().catch(() => undefined)}
      onCancel={() => {
        send.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="paper-confirmation-form">
        <Typography.Paragraph type="secondary">{t.paperHint}</Typography.Paragraph>
        {send.error && <Alert type="error" showIcon role="alert" title={errorMessage(send.error, m.errors.network)} />}
        <Form.Item
          label={t.paperReason}
          name="reason"
          rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t.paperReasonRequired }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            showCount
            data-testid="paper-confirmation-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * 服务核验 (township case page): each visit of the case's provider referrals — check-in and check-out with their
 * place against the home, tasks, photos — and where its recipient's confirmation stands; the township records a
 * signed paper confirmation while the confirmation is open.
 */
export function VisitVerificationPanel({ referrals }: { referrals: ReferralView[] }) {
  const { m } = useLocale();
  const t = m.verification.township;
  const names = useNames();
  const session = useSession();
  const mayRecord = session.data?.account.role === 'township_caseworker';
  const toProviders = referrals.filter((r) => r.route?.kind === 'provider');
  const lists = useQueries({
    queries: toProviders.map((r) => ({
      queryKey: [PROVIDER_KEY, 'visits', r.referralId],
      queryFn: async () =>
        (
          await answer<Paged<VisitView>>(
            scheduling.GET('/assignments/{referralId}/visits', { params: { path: { referralId: r.referralId } } }),
          )
        ).items,
    })),
  });
  const [paperFor, setPaperFor] = useState<VisitView>();
  const [photo, setPhoto] = useState<{ visitId: string; photoId: string; n: number }>();
  const visits = lists
    .flatMap((q) => q.data ?? [])
    .filter((v) => v.status !== 'cancelled')
    .sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  const failed = lists.find((q) => q.error)?.error;
  const loading = lists.some((q) => q.isPending);
  const now = Date.now();

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t.hint}</Typography.Paragraph>
      {failed && <Alert type="error" showIcon title={errorMessage(failed, m.errors.network)} />}
      {!loading && visits.length === 0 ? (
        <Empty description={t.none} />
      ) : (
        <Table<VisitView>
          rowKey="visitId"
          size="small"
          loading={loading}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="visit-verification-table"
          dataSource={visits}
          columns={[
            {
              title: t.scheduledFor,
              key: 'for',
              render: (_, v) => `${formatTime(v.scheduledFor)} · ${names.item(v.itemCode)}`,
            },
            {
              title: t.checkIn,
              key: 'in',
              render: (_, v) =>
                v.checkIn ? (
                  <Space size={4} wrap>
                    {formatTime(v.checkIn.at)}
                    <PlaceTag place={v.checkIn.place} />
                  </Space>
                ) : (
                  ''
                ),
            },
            {
              title: t.checkOut,
              key: 'out',
              render: (_, v) =>
                v.checkOut ? (
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      {formatTime(v.checkOut.at)}
                      <PlaceTag place={v.checkOut.place} />
                    </Space>
                    {v.checkOut.tasksDone.length > 0 && <span>{v.checkOut.tasksDone.join('、')}</span>}
                    {v.checkOut.tasksNotDone.length > 0 && (
                      <Typography.Text>{t.tasksNotDone(v.checkOut.tasksNotDone.join('、'))}</Typography.Text>
                    )}
                  </Space>
                ) : (
                  formatTime(v.delivery?.deliveredAt)
                ),
            },
            {
              title: t.photos,
              key: 'photos',
              render: (_, v) => (
                <Space size={4} wrap>
                  {(v.photos ?? []).map((p, i) => (
                    <Button
                      key={p.photoId}
                      size="small"
                      onClick={() => setPhoto({ visitId: v.visitId, photoId: p.photoId, n: i + 1 })}
                      data-testid="visit-photo"
                    >
                      {t.photo(i + 1)}
                    </Button>
                  ))}
                </Space>
              ),
            },
            {
              title: t.verification,
              key: 'verification',
              render: (_, v) => (
                <Space orientation="vertical" size={2}>
                  <Space size={4} wrap>
                    <VisitStatusTag visit={v} />
                    <VerificationTags visit={v} />
                  </Space>
                  {v.verification?.reason && (
                    <Typography.Text type="secondary" data-testid="verification-reason">
                      {m.verification.reason[v.verification.reason]}
                      {v.verification.via ? ` · ${m.verification.via[v.verification.via]}` : ''}
                      {v.verification.settledAt ? ` · ${formatTime(v.verification.settledAt)}` : ''}
                    </Typography.Text>
                  )}
                  {v.verification?.paper && (
                    <Typography.Text type="secondary">
                      {t.recordedBy}：{v.verification.paper.recordedBy} · {v.verification.paper.note}
                    </Typography.Text>
                  )}
                  {v.verification?.disputeReason && (
                    <Typography.Text type="secondary">
                      {t.disputeReason}：{v.verification.disputeReason}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: m.common.actions,
              key: 'actions',
              render: (_, v) =>
                mayRecord && v.verification?.state === 'awaiting' && Date.parse(v.verification.confirmBy) > now ? (
                  <Button
                    size="small"
                    onClick={() => setPaperFor(v)}
                    data-testid="paper-confirmation"
                    aria-label={`${t.paper} ${formatTime(v.scheduledFor)}`}
                  >
                    {t.paper}
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
      <PaperConfirmationModal visit={paperFor} onClose={() => setPaperFor(undefined)} />
      <PhotoModal photo={photo} onClose={() => setPhoto(undefined)} />
    </Space>
  );
}
