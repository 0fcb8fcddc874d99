import { CustomerServiceOutlined, MessageOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Popconfirm,
  Row,
  Spin,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { answer, api } from '../../api/client';
import { useNames } from '../../api/directory';
import { ApiError, errorMessage } from '../../api/problem';
import type { Paged, RequestView } from '../../api/views';
import { useSession } from '../../auth/session';
import { formatTime, Waiting } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { useWaitingChats, type EventsState } from './chat-events';
import { ErrorAlert } from './cells';
import { hotlineApi, type TranscriptLine, type WaitingChatView } from './hotline-api';

/** A chat this operator took: kept for the browser tab's session (NEEDED-APIS.md H5: the bot cannot list them). */
interface MyChat extends WaitingChatView {
  takenAt: string;
}

function useMyChats(username: string | undefined) {
  const storageKey = `carelink.hotline.chats.${username ?? ''}`;
  const [chats, setChats] = useState<MyChat[]>(() => {
    try {
      return JSON.parse(window.sessionStorage.getItem(storageKey) ?? '[]') as MyChat[];
    } catch {
      return [];
    }
  });
  useEffect(() => {
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(chats));
    } catch {
      // Not kept across reloads; the page still works.
    }
  }, [chats, storageKey]);
  return {
    chats,
    add: (chat: MyChat) => setChats((old) => [chat, ...old.filter((c) => c.chatId !== chat.chatId)]),
    remove: (chatId: number) => setChats((old) => old.filter((c) => c.chatId !== chatId)),
  };
}

/** A short list of chats: who, since when, and the button to act on each (a plain list, read as one). */
function ChatList<T>({
  items,
  render,
  empty,
  loading,
  selected,
  testId,
  itemTestId,
}: {
  items: T[];
  render: (item: T) => { key: number; title: ReactNode; description: ReactNode; action: ReactNode };
  empty: string;
  loading?: boolean;
  selected?: number;
  testId: string;
  itemTestId: string;
}) {
  if (loading && items.length === 0)
    return (
      <div role="status" data-testid={testId} style={{ padding: 16, textAlign: 'center' }}>
        <Spin size="small" />
      </div>
    );
  if (items.length === 0)
    return (
      <div data-testid={testId}>
        <Empty description={empty} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      </div>
    );
  return (
    <ul data-testid={testId} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        const r = render(item);
        return (
          <li
            key={r.key}
            data-testid={itemTestId}
            style={{
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'space-between',
              gap: 12,
              padding: '10px 8px',
              borderBottom: '1px solid #f0f0f0',
              background: r.key === selected ? '#e6f0ff' : undefined,
            }}
          >
            <div>
              <Typography.Text strong>{r.title}</Typography.Text>
              <div style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{r.description}</div>
            </div>
            {r.action}
          </li>
        );
      })}
    </ul>
  );
}

const transcriptKey = (chatId: number) => ['hotline', 'transcript', chatId] as const;

function EventsTag({ state }: { state: EventsState }) {
  const { m } = useLocale();
  const color = state === 'live' ? 'green' : state === 'connecting' ? 'gold' : 'red';
  return (
    <Tag color={color} data-testid="chat-events-state">
      {m.hotline.chats.events[state]}
    </Tag>
  );
}

/** Who the resident is, by name, and the case they have, as the hotline may read it. */
function PersonPanel({ chat }: { chat: MyChat }) {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  const navigate = useNavigate();
  const request = useQuery({
    queryKey: ['hotline', 'chat-case', chat.caseNumber ?? chat.caseId],
    queryFn: () =>
      answer<RequestView>(
        api.intake.GET('/requests/{caseId}', { params: { path: { caseId: (chat.caseNumber ?? chat.caseId)! } } }),
      ),
    enabled: Boolean(chat.caseNumber ?? chat.caseId),
  });
  // The person's other complaints, to tell them where those stand.
  const complaints = useQuery({
    queryKey: ['hotline', 'chat-complaints', request.data?.caseId],
    queryFn: () =>
      answer<Paged<{ complaintId: string; complaintNumber: string; status: string }>>(
        api.complaints.GET('/complaints', { params: { query: { caseId: request.data!.caseId } } }),
      ),
    enabled: Boolean(request.data?.caseId),
  });
  const r = request.data;
  return (
    <Card
      size="small"
      title={m.hotline.chats.person}
      data-testid="chat-person"
      extra={
        <Button
          size="small"
          onClick={() =>
            void navigate(
              `/hotline/complaints/new${(chat.caseNumber ?? r?.caseNumber) ? `?caseNumber=${encodeURIComponent((chat.caseNumber ?? r?.caseNumber)!)}` : ''}`,
            )
          }
          data-testid="chat-new-complaint"
        >
          {m.hotline.chats.logComplaint}
        </Button>
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={m.common.name}>
          {chat.name ?? r?.applicant?.name ?? m.hotline.chats.unknownName}
        </Descriptions.Item>
        <Descriptions.Item label={m.common.caseNumber}>
          {chat.caseNumber ?? r?.caseNumber ?? m.hotline.chats.noCase}
        </Descriptions.Item>
        {(chat.township ?? r?.address?.township) && (
          <Descriptions.Item label={m.common.township}>
            <span data-testid="chat-person-township">{names.place(chat.township ?? r?.address?.township)}</span>
          </Descriptions.Item>
        )}
        {r && (
          <>
            <Descriptions.Item label={m.common.status}>
              {nameOf(fixed.progressStage, r.progress?.stage) || nameOf(fixed.requestStatus, r.status)}
            </Descriptions.Item>
            <Descriptions.Item label={m.common.items}>{r.items.map((i) => names.item(i)).join('、')}</Descriptions.Item>
            <Descriptions.Item label={m.common.receivedAt}>{formatTime(r.registeredAt)}</Descriptions.Item>
          </>
        )}
        {(complaints.data?.items ?? []).length > 0 && (
          <Descriptions.Item label={m.hotline.chats.complaints}>
            <Space size={[4, 4]} wrap>
              {complaints.data!.items.map((c) => (
                <Tag key={c.complaintId}>
                  {c.complaintNumber} · {nameOf(fixed.complaintStatus, c.status)}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      {request.error && <ErrorAlert error={request.error} />}
    </Card>
  );
}

/** The live chat: the transcript (read every 3 s), the reply box, and ending the hand-over. */
function ChatPanel({ chat, onGone }: { chat: MyChat; onGone: () => void }) {
  const { m } = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const logRef = useRef<HTMLDivElement>(null);
  const transcript = useQuery({
    queryKey: transcriptKey(chat.chatId),
    queryFn: () =>
      answer<Paged<TranscriptLine>>(
        hotlineApi.telegram.GET('/operator/chats/{chatId}/transcript', {
          params: { path: { chatId: String(chat.chatId) } },
        }),
      ),
    refetchInterval: (q) => (q.state.error ? false : 3_000),
  });
  const gone = transcript.error instanceof ApiError && transcript.error.status === 409;
  const lines = transcript.data?.items ?? [];
  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [lines.length]);

  const reply = useMutation({
    mutationFn: (body: string) =>
      answer(
        hotlineApi.telegram.POST('/operator/chats/{chatId}/replies', {
          params: { path: { chatId: String(chat.chatId) } },
          body: { text: body },
        }),
      ),
    onSuccess: async () => {
      setText('');
      await queryClient.invalidateQueries({ queryKey: transcriptKey(chat.chatId) });
    },
  });
  const close = useMutation({
    mutationFn: () =>
      answer(
        hotlineApi.telegram.POST('/operator/chats/{chatId}/close', {
          params: { path: { chatId: String(chat.chatId) } },
        }),
      ),
    onSuccess: () => {
      void message.success(m.hotline.chats.closed);
      onGone();
    },
  });
  const send = () => {
    const body = text.trim();
    if (body) reply.mutate(body);
  };

  return (
    <Card
      title={
        <Space>
          <MessageOutlined aria-hidden />
          {m.hotline.chats.chatWith(chat.name ?? m.hotline.chats.resident, chat.chatId)}
        </Space>
      }
      extra={
        <Popconfirm
          title={m.hotline.chats.closeConfirm}
          okText={m.common.confirm}
          cancelText={m.common.cancel}
          onConfirm={() => close.mutate()}
        >
          <Button danger loading={close.isPending} data-testid="chat-close" disabled={gone}>
            {m.hotline.chats.close}
          </Button>
        </Popconfirm>
      }
      data-testid="chat-panel"
    >
      {gone ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={errorMessage(transcript.error, m.errors.network)}
          action={
            <Button size="small" onClick={onGone}>
              {m.hotline.chats.removeGone}
            </Button>
          }
        />
      ) : (
        <ErrorAlert error={transcript.error} />
      )}
      <ErrorAlert error={reply.error ?? close.error} />
      <div
        ref={logRef}
        role="log"
        aria-live="polite"
        aria-label={m.hotline.chats.transcript}
        data-testid="chat-transcript"
        style={{
          height: 360,
          overflowY: 'auto',
          background: '#f7f9fc',
          border: '1px solid #e5e9f0',
          borderRadius: 4,
          padding: 12,
          marginBottom: 12,
        }}
      >
        {lines.length === 0 ? (
          <Empty description={m.hotline.chats.noLines} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          lines.map((l, i) => (
            <div
              key={`${l.at}-${i}`}
              className={`chat-line chat-line-${l.from}`}
              data-testid={`chat-line-${l.from}`}
              style={{
                display: 'flex',
                justifyContent: l.from === 'operator' ? 'flex-end' : 'flex-start',
                margin: '6px 0',
              }}
            >
              <div
                style={{
                  maxWidth: '75%',
                  padding: '6px 10px',
                  borderRadius: 6,
                  background: l.from === 'operator' ? '#1456b8' : '#fff',
                  color: l.from === 'operator' ? '#fff' : '#1f2937',
                  border: l.from === 'operator' ? 'none' : '1px solid #d9dee7',
                  whiteSpace: 'pre-wrap',
                }}
              >
                <div style={{ fontSize: 12, opacity: 0.8 }}>
                  {l.from === 'operator' ? m.hotline.chats.me : m.hotline.chats.resident} · {formatTime(l.at)}
                </div>
                {/* Uyghur (Arabic script) lines read right to left; Chinese and Latin left to right. */}
                <div dir="auto">{l.text}</div>
              </div>
            </div>
          ))
        )}
      </div>
      <Space.Compact style={{ width: '100%' }}>
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={3000}
          placeholder={m.hotline.chats.replyPlaceholder}
          aria-label={m.hotline.chats.reply}
          disabled={gone}
          data-testid="chat-reply-input"
        />
        <Button
          type="primary"
          icon={<SendOutlined />}
          onClick={send}
          loading={reply.isPending}
          disabled={gone || !text.trim()}
          data-testid="chat-reply-send"
          style={{ height: 'auto' }}
        >
          {m.hotline.chats.send}
        </Button>
      </Space.Compact>
    </Card>
  );
}

/**
 * The chat hand-over (在线转人工): residents who asked the chat bot for a person, oldest first, with a live alert
 * when one begins to wait; the operator takes a chat and answers it beside the person's name and case.
 */
export default function ChatsPage() {
  const { m } = useLocale();
  const { message, notification } = App.useApp();
  const names = useNames();
  const session = useSession();
  const mine = useMyChats(session.data?.account.username);
  const [selected, setSelected] = useState<number | undefined>(() => mine.chats[0]?.chatId);
  const [announcement, setAnnouncement] = useState('');
  const queryClient = useQueryClient();

  const onArrival = useCallback(
    (chat: WaitingChatView) => {
      const who = chat.name ?? m.hotline.chats.residentWithId(chat.chatId);
      setAnnouncement(m.hotline.chats.arrived(who));
      notification.warning({
        key: `chat-${chat.chatId}`,
        title: m.hotline.chats.arrivedTitle,
        description: m.hotline.chats.arrived(who),
        icon: <CustomerServiceOutlined />,
        placement: 'topRight',
        duration: 8,
      });
    },
    [m, notification],
  );
  const queue = useWaitingChats(onArrival);

  // The tab's title counts the waiting chats, to be seen from another tab.
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = queue.waiting.length > 0 ? `(${queue.waiting.length}) ${base}` : base;
    return () => {
      document.title = document.title.replace(/^\(\d+\) /, '');
    };
  }, [queue.waiting.length]);

  const take = useMutation({
    mutationFn: (chat: WaitingChatView) =>
      answer<{ chatId: number; person?: Partial<WaitingChatView>; transcript: TranscriptLine[] }>(
        hotlineApi.telegram.POST('/operator/chats/{chatId}/take', {
          params: { path: { chatId: String(chat.chatId) } },
        }),
      ),
    onSuccess: (got, chat) => {
      // Who the bot says the resident is, as of taking the chat (the list may have been read before they applied).
      const { name, caseId, caseNumber, township } = got.person ?? {};
      mine.add({
        ...chat,
        ...(name ? { name } : {}),
        ...(caseId ? { caseId } : {}),
        ...(caseNumber ? { caseNumber } : {}),
        ...(township ? { township } : {}),
        takenAt: new Date().toISOString(),
      });
      queryClient.setQueryData(transcriptKey(chat.chatId), { items: got.transcript });
      queue.forget(chat.chatId);
      setSelected(chat.chatId);
      void message.success(m.hotline.chats.taken);
    },
    onError: () => queue.refetch(),
  });

  const current = mine.chats.find((c) => c.chatId === selected);
  const waitingList = useMemo(() => queue.waiting, [queue.waiting]);

  return (
    <>
      <PageHeader
        title={m.hotline.chats.title}
        hint={m.hotline.chats.hint}
        extra={
          <>
            <EventsTag state={queue.events} />
            <Button icon={<ReloadOutlined />} onClick={queue.refetch} data-testid="chats-refresh">
              {m.common.refresh}
            </Button>
          </>
        }
      />
      <div className="sr-only" role="status" aria-live="assertive" data-testid="chat-announcement" style={SR_ONLY}>
        {announcement}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card
            title={
              <Space>
                {m.hotline.chats.waiting}
                <Badge count={waitingList.length} showZero color={waitingList.length ? '#c8102e' : '#8c8c8c'} />
              </Space>
            }
            size="small"
            style={{ marginBottom: 16 }}
          >
            <ErrorAlert error={queue.error ?? take.error} />
            <ChatList<WaitingChatView>
              testId="chat-waiting-list"
              itemTestId="chat-waiting-item"
              loading={queue.loading}
              items={waitingList}
              empty={m.hotline.chats.noneWaiting}
              render={(c) => ({
                key: c.chatId,
                title: c.name ?? m.hotline.chats.residentWithId(c.chatId),
                description: (
                  <Space orientation="vertical" size={0}>
                    {c.caseNumber && (
                      <span data-testid="chat-waiting-case">
                        {c.caseNumber}
                        {c.township ? ` · ${names.place(c.township)}` : ''}
                      </span>
                    )}
                    <Waiting since={c.requestedAt} />
                    {c.locale && <span>{m.hotline.chats.language(c.locale)}</span>}
                  </Space>
                ),
                action: (
                  <Button
                    type="primary"
                    size="small"
                    loading={take.isPending && take.variables?.chatId === c.chatId}
                    onClick={() => take.mutate(c)}
                    data-testid="chat-take"
                    aria-label={m.hotline.chats.takeLabel(c.name ?? m.hotline.chats.resident)}
                  >
                    {m.hotline.chats.take}
                  </Button>
                ),
              })}
            />
          </Card>
          <Card title={m.hotline.chats.mine} size="small">
            <ChatList<MyChat>
              testId="chat-mine-list"
              itemTestId="chat-mine-item"
              items={mine.chats}
              empty={m.hotline.chats.noneMine}
              selected={selected}
              render={(c) => ({
                key: c.chatId,
                title: c.name ?? m.hotline.chats.residentWithId(c.chatId),
                description: m.hotline.chats.takenAt(formatTime(c.takenAt)),
                action: (
                  <Button
                    size="small"
                    type={c.chatId === selected ? 'primary' : 'default'}
                    onClick={() => setSelected(c.chatId)}
                    data-testid="chat-open"
                    aria-label={m.hotline.chats.openLabel(c.name ?? m.hotline.chats.resident)}
                  >
                    {m.common.open}
                  </Button>
                ),
              })}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          {current ? (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={15}>
                <ChatPanel
                  key={current.chatId}
                  chat={current}
                  onGone={() => {
                    mine.remove(current.chatId);
                    setSelected(mine.chats.find((c) => c.chatId !== current.chatId)?.chatId);
                  }}
                />
              </Col>
              <Col xs={24} xl={9}>
                <PersonPanel chat={current} />
              </Col>
            </Row>
          ) : (
            <Card>
              <Empty description={m.hotline.chats.pick} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

/** Read by screen readers, not shown. */
const SR_ONLY: React.CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};
