import type { Request, Response } from 'express';

/** File name extensions of the stored media types, for the name a download is saved under. */
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/amr': 'amr',
  'audio/wav': 'wav',
};

/**
 * Sends a stored attachment (a recorded complaint, a photo) of the type sniffed at upload, so that a page can play
 * it: whole, or the one byte range an audio element asks for (206, `Content-Range`); a range past the end is 416.
 * `Content-Disposition: attachment` and nosniff, as every download (it is never rendered as a page).
 */
export function sendMedia(req: Request, res: Response, file: { bytes: Buffer; contentType: string; name: string }) {
  const size = file.bytes.length;
  res
    .type(file.contentType)
    .attachment(`${file.name}.${EXTENSIONS[file.contentType] ?? 'bin'}`)
    .setHeader('x-content-type-options', 'nosniff');
  res.setHeader('accept-ranges', 'bytes');
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range?.trim() ?? '');
  if (!req.headers.range || !range || (range[1] === '' && range[2] === '')) {
    res.send(file.bytes);
    return;
  }
  // "bytes=a-b", "bytes=a-" (to the end) or "bytes=-n" (the last n bytes).
  let start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
  let end = range[1] === '' ? size - 1 : range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
  if (start >= size || start > end) {
    res.status(416).setHeader('content-range', `bytes */${size}`);
    res.end();
    return;
  }
  start = Math.max(0, start);
  end = Math.max(start, end);
  res.status(206).setHeader('content-range', `bytes ${start}-${end}/${size}`);
  res.send(file.bytes.subarray(start, end + 1));
}
