/**
 * Chat with the local bot from a terminal, as a resident would on Telegram. The bot must run in local
 * mode (LOCAL_TELEGRAM_PORT, as `npm run platform` starts it); this talks to its Bot API emulator.
 *
 *   npm run chat -w @carelink/telegram-bot            # resident 10001
 *   RESIDENT=10002 npm run chat -w @carelink/telegram-bot
 *
 * Type text, or the number of a button; /phone 13905661234 shares a phone number as a contact;
 * /voice sends a (silent) voice note; /quit leaves.
 */
import TelegramServer from 'telegram-test-api';
import { createInterface } from 'node:readline/promises';
import { createConfig } from '../src/config';
import { EmulatorChat, type BotMessage } from '../src/local/emulator-chat';

const port = Number(process.env.LOCAL_TELEGRAM_PORT ?? 4203);
// The bot's token: TELEGRAM_BOT_TOKEN as the bot was given it, else the one it has in local mode.
const token = createConfig({ CARELINK_ENV: 'local', ...process.env }).TELEGRAM_BOT_TOKEN;
const resident = Number(process.env.RESIDENT ?? 10001);

async function main() {
  // Only the client side is used: the emulator's URL, not a second server.
  const emulator = new TelegramServer({ port, host: '127.0.0.1' });
  const chat = new EmulatorChat(emulator, token, resident);
  let buttons: BotMessage['buttons'] = [];
  const show = (messages: BotMessage[]) => {
    for (const m of messages) {
      process.stdout.write(`\n🤖 ${m.text}\n`);
      if (m.buttons.length > 0) {
        buttons = m.buttons;
        buttons.forEach((b, i) => process.stdout.write(`   [${i + 1}] ${b.text}\n`));
      }
    }
  };
  const timer = setInterval(() => {
    chat.poll().then(show, () => process.stdout.write(`\n(cannot reach the bot's emulator on port ${port})\n`));
  }, 300);
  process.stdout.write(`Resident ${resident} chatting with the carelink bot on 127.0.0.1:${port}. /quit to leave.\n`);
  await chat.say('/start');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  for (;;) {
    const line = (await rl.question('> ')).trim();
    if (line === '/quit') break;
    const phone = /^\/phone\s+(\+?\d+)$/.exec(line);
    const pick = /^\d{1,2}$/.test(line) ? buttons[Number(line) - 1] : undefined;
    if (phone) await chat.shareContact(phone[1]!);
    else if (line === '/voice') await chat.sendVoice(`voice-${Date.now()}`);
    else if (pick?.data) await chat.tap(pick.data);
    else await chat.say(pick ? pick.text : line);
  }
  clearInterval(timer);
  rl.close();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
