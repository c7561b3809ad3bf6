const { add, subtract } = require('../src/worker');

test('add', () => {
  expect(add(1, 2)).toBe(3);
});

test('add negative', () => {
  expect(add(-1, -2)).toBe(-3);
});

test('subtract', () => {
  expect(subtract(3, 2)).toBe(1);
});

describe('Foo', () => {
  test('add', () => {
    expect(add(2, 2)).toBe(4);
  });
});
