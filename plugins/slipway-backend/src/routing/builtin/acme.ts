import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AcmeChallenges } from '../../acme';

/**
 * Answers an ACME HTTP-01 request before any app routing (maintenance, allowlist and https
 * redirects included: the directory must reach the answer). True when the request was one.
 * Only GET and HEAD of a token the issuer is waiting on for this very host get the answer.
 */
export function answerAcmeChallenge(
  challenges: AcmeChallenges | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  if (!challenges) return false;
  const path = (req.url ?? '').split('?')[0];
  const answer = challenges.answer(req.headers.host ?? '', path);
  if (answer === undefined) return false;
  const found =
    answer !== null && (req.method === 'GET' || req.method === 'HEAD');
  const body = found ? answer : 'Not found\n';
  res.writeHead(found ? 200 : 404, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
