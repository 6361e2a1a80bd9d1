/**
 * Deterministic randomness for the dataset generator. Every record draws from its own
 * sub-seed, hashed from (dataset seed, record family, record index), so record `i` of a
 * family can be produced without producing records `0..i-1` first: this is what lets the
 * writer stream a dataset of any size in bounded memory and still match `generateDataset`
 * byte for byte. Nothing here reads the clock or `Math.random`.
 */
import { Faker, base, en, type Randomizer } from '@faker-js/faker';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

const familyHashes = new Map<string, number>();

/** murmur3's 32-bit finalizer: spreads every input bit over the output. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the family name, memoized (a handful of family names exist). */
function familyHash(family: string): number {
  let h = familyHashes.get(family);
  if (h === undefined) {
    h = 0x811c9dc5;
    for (let i = 0; i < family.length; i++) h = Math.imul(h ^ family.charCodeAt(i), 0x01000193) >>> 0;
    familyHashes.set(family, h);
  }
  return h;
}

/**
 * The 32-bit sub-seed of one record: a pure function of the dataset seed, the family name,
 * the record index and an optional salt (to draw several independent values per record).
 *
 * @example
 * faker.seed(subSeed(1, 'customer', 41)); // customer #41 of seed 1, always the same
 */
export function subSeed(seed: number, family: string, index: number, salt = 0): number {
  // Both halves of seed and index take part, so seeds above 2^32 do not alias smaller ones.
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ Math.floor(seed / 0x100000000));
  h = mix32(h ^ familyHash(family));
  h = mix32((h ^ index) + Math.floor(index / 0x100000000));
  return mix32(h ^ Math.imul(salt + 1, 0x27d4eb2f));
}

/**
 * A float in [0, 1) that depends only on (seed, family, index, salt): for decisions that other
 * records must be able to recompute (which customer a case belongs to, whether a customer has
 * an email) without generating the record that owns them.
 *
 * @example
 * const hasTwitter = unitFloat(seed, 'customer-twitter', c) < 0.5;
 */
export function unitFloat(seed: number, family: string, index: number, salt = 0): number {
  return subSeed(seed, family, index, salt) / 0x100000000;
}

/**
 * Upper-case hexadecimal digits derived from (seed, family, index): ids such as the
 * `{n}i{HEX}` of Community images and Intercom's 24-hex contact ids.
 *
 * @example
 * derivedHex(1, 'image', 0, 16); // e.g. '5F3A2B9C0D1E2F3A'
 */
export function derivedHex(seed: number, family: string, index: number, digits: number): string {
  let out = '';
  for (let salt = 0; out.length < digits; salt++) out += subSeed(seed, family, index, salt).toString(16).padStart(8, '0');
  return out.slice(0, digits).toUpperCase();
}

/**
 * A string of decimal digits (no leading zero) derived from (seed, family, index): network
 * ids such as Twitter's 18-digit user ids.
 *
 * @example
 * derivedDigits(1, 'twitter-id', 0, 18); // e.g. '741852963014785236'
 */
export function derivedDigits(seed: number, family: string, index: number, digits: number): string {
  let out = String(1 + (subSeed(seed, family, index, 99) % 9));
  for (let salt = 0; out.length < digits; salt++) out += String(subSeed(seed, family, index, salt) % 1_000_000_000).padStart(9, '0');
  return out.slice(0, digits);
}

/**
 * A UUID-shaped id (version 4 and RFC 4122 variant bits set) derived from (seed, family,
 * index): Care's `lswUuid` values and Person ids.
 *
 * @example
 * derivedUuid(1, 'author', 0); // e.g. '0c9b2f6e-3d41-4a7e-9b0c-2f1d3e4a5b6c'
 */
export function derivedUuid(seed: number, family: string, index: number): string {
  const hex = derivedHex(seed, family, index, 32).toLowerCase();
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A Faker instance whose randomizer is re-seeded per record. */
export interface SeededFaker {
  readonly faker: Faker;
  /** Re-seeds the randomizer and returns the faker, ready for one record's draws. */
  reseed(seed: number): Faker;
  /** The next raw float in [0, 1) from the current seed (cheaper than `faker.number`). */
  next(): number;
}

/**
 * Builds a Faker (`[en, base]` locales) on a pure-rand xoroshiro128+ randomizer: re-seeding
 * costs a few nanoseconds, where Faker's default Mersenne Twister costs a table fill, and the
 * generator re-seeds once per record.
 *
 * @example
 * const seeded = createSeededFaker();
 * const f = seeded.reseed(subSeed(1, 'customer', 0));
 * f.person.firstName();
 */
export function createSeededFaker(): SeededFaker {
  let generator: RandomGenerator = xoroshiro128plus(0);
  const next = () => (generator.next() >>> 0) / 0x100000000;
  const randomizer: Randomizer = {
    next,
    seed: (seed) => {
      generator = xoroshiro128plus(typeof seed === 'number' ? seed : (seed[0] ?? 0));
    },
  };
  const faker = new Faker({ locale: [en, base], randomizer });
  return {
    faker,
    reseed(seed) {
      generator = xoroshiro128plus(seed);
      return faker;
    },
    next,
  };
}
