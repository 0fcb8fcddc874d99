import type { Reply, ResidentChats } from './resident-chats';

/** What a decide function of the bot returns: the state to keep (left out: unchanged), what to say, what to do. */
export interface BotDecision<S, C> {
  state?: S;
  replies: Reply[];
  commands: C[];
}

/**
 * How the bot's use cases run: `decide` (pure) on the kept state and an input; the new state is kept before
 * anything is done; the commands are carried out in order, and a command that calls a service answers with
 * the next input; the replies are collected, those marked `once` only if not told yet. Until no command
 * answers back. Returns what to say to the resident.
 */
export async function decideAndCarryOut<S, I, C>(
  state: S | undefined,
  first: I,
  steps: {
    decide: (state: S | undefined, input: I) => BotDecision<S, C>;
    save: (state: S) => Promise<void>;
    carryOut: (command: C) => Promise<I | undefined>;
    chats: Pick<ResidentChats, 'firstTime'>;
  },
): Promise<Reply[]> {
  const replies: Reply[] = [];
  let input: I | undefined = first;
  while (input !== undefined) {
    const decision = steps.decide(state, input);
    if (decision.state) {
      state = decision.state;
      await steps.save(state);
    }
    input = undefined;
    for (const command of decision.commands) input = (await steps.carryOut(command)) ?? input;
    for (const r of decision.replies)
      if (r.once === undefined || (await steps.chats.firstTime(r.once))) replies.push(r);
  }
  return replies;
}
