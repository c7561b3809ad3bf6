'use strict';
/**
 * Seeded pseudo-random numbers (mulberry32) for the project generator: the only source of variation,
 * so the same seed always gives the same project.
 */

function createRandom(seed) {
  let state = (Math.trunc(Number(seed)) ^ 0x5bd1e995) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (probability) => next() < probability;
  const shuffle = (items) => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  const ints = (length, min, max) => Array.from({ length }, () => int(min, max));
  return { next, int, pick, chance, shuffle, ints };
}

module.exports = { createRandom };
