import type { Api } from 'grammy';

/**
 * Fetches a resident's voice note from the Bot API (getFile, then the file itself), for upload to intake or
 * complaints. The local emulator has no getFile: tests give their own downloader.
 */
export function botApiVoiceNotes(
  api: Pick<Api, 'getFile'>,
  options: { apiRoot?: string; token: string },
): (fileId: string) => Promise<{ bytes: Buffer; contentType: string }> {
  return async (fileId) => {
    const file = await api.getFile(fileId);
    const res = await fetch(
      `${options.apiRoot ?? 'https://api.telegram.org'}/file/bot${options.token}/${file.file_path}`,
    );
    if (!res.ok) throw new Error(`downloading the voice note failed: ${res.status}`);
    return { bytes: Buffer.from(await res.arrayBuffer()), contentType: 'audio/ogg' };
  };
}
