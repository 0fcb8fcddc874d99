import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { fetchSession, type Session } from '../api/bff';
import { setCsrfToken, setUnauthenticatedHandler } from '../api/session-events';

export const SESSION_KEY = ['console', 'session'] as const;

/**
 * The signed-in session (`GET /console/session`), null when nobody is signed in. Keeps the CSRF token where
 * the API middleware reads it, and, when any call answers 401, forgets the session and every cached answer
 * (the guard then sends the user to /login).
 */
export function useSession() {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: fetchSession,
    staleTime: 5 * 60 * 1000,
    retry: false,
  });
  useEffect(() => {
    setCsrfToken(query.data?.csrfToken);
  }, [query.data]);
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      queryClient.removeQueries({
        predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] || q.queryKey[1] !== SESSION_KEY[1],
      });
      queryClient.setQueryData<Session | null>(SESSION_KEY, null);
    });
  }, [queryClient]);
  return query;
}

/** Whether the session must change its password before anything else (after creation or a reset). */
export function mustChangePassword(session: Session | null | undefined): boolean {
  return Boolean(session && (session.mustChangePassword ?? session.account.mustChangePassword));
}
