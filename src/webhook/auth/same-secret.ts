import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality for secrets. Both sides are hashed first so that neither the
 * content nor the length of the expected secret leaks through timing (`timingSafeEqual` itself
 * throws on different lengths, which would reveal the length).
 */
export function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
