import { randomBytes } from 'node:crypto';

// Crockford base32 in lowercase: ids are typed in CLI commands and appear in git refs.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_DIGITS = 10;
const RANDOM_DIGITS = 16;

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A ULID-style id: 48 bits of milliseconds then 80 random bits. Ids made in
 * the same millisecond increment the random part, so within a process ids
 * sort in creation order.
 */
export function newId(now: number = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    lastRandom = [...randomBytes(RANDOM_DIGITS)].map((byte) => byte & 31);
  } else if (!incrementInPlace(lastRandom)) {
    lastTime += 1;
    lastRandom = [...randomBytes(RANDOM_DIGITS)].map((byte) => byte & 31);
  }
  let time = '';
  let rest = lastTime;
  for (let i = 0; i < TIME_DIGITS; i += 1) {
    time = ALPHABET.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  return time + lastRandom.map((digit) => ALPHABET.charAt(digit)).join('');
}

/** Adds one to a base-32 digit array; false when it overflowed. */
function incrementInPlace(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    const digit = digits[i] ?? 0;
    if (digit < 31) {
      digits[i] = digit + 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}
