/** A small seeded generator (mulberry32): the same seed gives the same data on every machine. */
export interface Random {
  next(): number;
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (probability) => next() < probability,
  };
}

/** Money rounded to cents. */
export const cents = (amount: number): number => Math.round(amount * 100) / 100;

/** `base` plus whole days, as an ISO date-time (`2026-05-01T09:00:00.000Z`). */
export function daysAfter(base: string, days: number, hour = 9): string {
  const date = new Date(`${base}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  date.setUTCHours(hour);
  return date.toISOString();
}

export const dateOnly = (isoDateTime: string): string => isoDateTime.slice(0, 10);
