/**
 * The region a handed-over chat is served in: the one it was handed over in. A hand-over kept before the bot
 * served several regions names none: it is the bot's default region's (the only one it served then).
 */
export function regionOfHandover(handover: { region?: string }, defaultRegion: string): string {
  return handover.region ?? defaultRegion;
}

/**
 * Why an operator acting for `operatorRegion` may not see or serve a chat: the bot does not serve their region,
 * or the chat is another region's; undefined when they may.
 */
export function operatorOutsideRegion(
  operatorRegion: string,
  served: readonly string[],
  handover?: { region?: string },
): string | undefined {
  if (!served.includes(operatorRegion)) return `this bot serves ${served.join(', ')}, you act for ${operatorRegion}`;
  if (!handover) return undefined;
  const region = regionOfHandover(handover, served[0]!);
  return region === operatorRegion ? undefined : `this chat is of ${region}, you act for ${operatorRegion}`;
}
