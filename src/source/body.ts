// Reading an HTTP response body under a byte cap, shared by every source: a declared or streamed
// size over the cap closes the connection at once, so a hostile server cannot exhaust memory.

import { discardBody, type HttpResponse } from './net.js';

/**
 * Read `res`'s body up to `max` bytes. Past the cap: throw `tooLarge()`, or, when `tooLarge` is
 * null (error bodies shown in messages), return the first `max` bytes.
 */
export async function readBodyCapped(res: HttpResponse, max: number, tooLarge: (() => Error) | null): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (tooLarge && Number.isFinite(declared) && declared > max) {
    await discardBody(res);
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const value of res.body) {
    if (total + value.byteLength > max) {
      await discardBody(res);
      if (tooLarge) throw tooLarge();
      chunks.push(Buffer.from(value.buffer, value.byteOffset, max - total));
      total = max;
      break;
    }
    total += value.byteLength;
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}
