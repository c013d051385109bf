import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Sends a public representation that a cache must revalidate on every use (`no-cache`): a strong ETag of
 * the body, 304 when the client's copy is current. A withdrawn quote changes the ETag, so no cache
 * serves it after the next request.
 */
export function sendRevalidated(req: Request, res: Response, type: 'json' | 'html', body: string, vary?: string): void {
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'no-cache');
  if (vary) res.setHeader('Vary', vary);
  const given = String(req.headers['if-none-match'] ?? '');
  if (
    given
      .split(',')
      .map((s) => s.trim().replace(/^W\//, ''))
      .includes(etag)
  ) {
    res.status(304).end();
    return;
  }
  res.status(200).type(type).send(body);
}
