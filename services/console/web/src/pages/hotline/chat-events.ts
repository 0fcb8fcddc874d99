import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { answer } from '../../api/client';
import type { Paged } from '../../api/views';
import { hotlineApi, type WaitingChatView } from './hotline-api';

/** A chat the events announced this recently is kept though the list just read lacks it (read before it came). */
const RECENT_MS = 10_000;

export type EventsState = 'connecting' | 'live' | 'down';

/**
 * The chats waiting for a hotline operator, kept live: the BFF's Server-Sent Events (`GET /console/events`:
 * `chat-waiting` when a resident begins to wait — every waiting chat on connecting —, `chat-taken` when a chat
 * stops waiting) patch the list as they come; the bot's own list (`GET /operator/chats`) is read on opening, every
 * half minute as a check, and every 5 s while the event stream is down. `onArrival` is called for each chat that
 * begins to wait after the page opened (the live alert).
 */
export function useWaitingChats(onArrival: (chat: WaitingChatView) => void) {
  const [waiting, setWaiting] = useState<Map<number, WaitingChatView>>(new Map());
  const [events, setEvents] = useState<EventsState>('connecting');
  const known = useRef<Set<number>>(new Set());
  const settled = useRef(false);
  const arrival = useRef(onArrival);
  useEffect(() => {
    arrival.current = onArrival;
  }, [onArrival]);

  const polled = useQuery({
    queryKey: ['hotline', 'chats-waiting'],
    queryFn: () => answer<Paged<WaitingChatView>>(hotlineApi.telegram.GET('/operator/chats')),
    refetchInterval: events === 'live' ? 30_000 : 5_000,
  });

  // The bot's list is the truth when it comes: replace (keeping what the events knew of names and cases, and
  // the chats the events brought in while the list was being read).
  useEffect(() => {
    if (!polled.data) return;
    const readAt = polled.dataUpdatedAt;
    setWaiting((old) => {
      const next = new Map<number, WaitingChatView>();
      for (const c of polled.data.items) {
        next.set(c.chatId, { ...old.get(c.chatId), ...c });
        if (settled.current && !known.current.has(c.chatId)) arrival.current(c);
        known.current.add(c.chatId);
      }
      for (const [id, c] of old) if (!next.has(id) && Date.parse(c.requestedAt) > readAt - RECENT_MS) next.set(id, c);
      return next;
    });
    settled.current = true;
  }, [polled.data, polled.dataUpdatedAt]);
  // Without the bot's list, alert on whatever the events bring.
  useEffect(() => {
    if (polled.isError) settled.current = true;
  }, [polled.isError]);

  useEffect(() => {
    const source = new EventSource('/console/events', { withCredentials: true });
    source.onopen = () => setEvents('live');
    source.onerror = () => setEvents(source.readyState === EventSource.CLOSED ? 'down' : 'connecting');
    source.addEventListener('chat-waiting', (e) => {
      const chat = JSON.parse((e as MessageEvent<string>).data) as WaitingChatView;
      setWaiting((old) => new Map(old).set(chat.chatId, { ...old.get(chat.chatId), ...chat }));
      if (settled.current && !known.current.has(chat.chatId)) arrival.current(chat);
      known.current.add(chat.chatId);
    });
    source.addEventListener('chat-taken', (e) => {
      const { chatId } = JSON.parse((e as MessageEvent<string>).data) as { chatId: number };
      setWaiting((old) => {
        if (!old.has(chatId)) return old;
        const next = new Map(old);
        next.delete(chatId);
        return next;
      });
    });
    return () => source.close();
  }, []);

  const list = [...waiting.values()].sort((a, b) => Date.parse(a.requestedAt) - Date.parse(b.requestedAt));
  return {
    waiting: list,
    events,
    error: polled.error,
    loading: polled.isPending,
    refetch: () => void polled.refetch(),
    /** Drops a chat from the list at once (taken here, before the events say so). */
    forget: (chatId: number) =>
      setWaiting((old) => {
        const next = new Map(old);
        next.delete(chatId);
        return next;
      }),
  };
}
