'use strict';
/**
 * Writes a deterministic synthetic Jest project: `sources` CommonJS modules of small functions with
 * branches and loops, a shared utility module every source uses, and `testFiles` test files that each
 * call functions of a few modules. Deterministic from `seed`.
 */
const fs = require('node:fs');
const path = require('node:path');

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

function sourceModule(index) {
  const functions = [];
  for (let f = 0; f < 5; f++) {
    functions.push(`function f${f}(n) {
  let total = util.scale(n, ${f + 1});
  if (n % 2 === 0) {
    total += ${index};
  } else {
    total -= ${f};
  }
  for (let i = 0; i < 3; i++) {
    total += i;
  }
  return total;
}`);
  }
  return `const util = require('./util');\n\n${functions.join('\n\n')}\n\nmodule.exports = { f0, f1, f2, f3, f4 };\n`;
}

const UTIL = `function scale(n, k) {\n  return n * k;\n}\n\nmodule.exports = { scale };\n`;

function expected(index, f, n) {
  let total = n * (f + 1);
  total += n % 2 === 0 ? index : -f;
  return total + 3;
}

function testFile(fileIndex, sources, testsPerFile, next) {
  const modules = new Set();
  while (modules.size < 3) modules.add(Math.floor(next() * sources));
  const requires = [...modules].map((m) => `const m${m} = require('../src/m${m}');`).join('\n');
  const tests = [];
  for (let t = 0; t < testsPerFile; t++) {
    const m = [...modules][t % modules.size];
    const f = Math.floor(next() * 5);
    const n = Math.floor(next() * 100);
    tests.push(`  test('case ${t}', () => {\n    expect(m${m}.f${f}(${n})).toBe(${expected(m, f, n)});\n  });`);
  }
  return `${requires}\n\ndescribe('file ${fileIndex}', () => {\n${tests.join('\n\n')}\n});\n`;
}

function generateProject(dir, { sources = 20, testFiles = 50, testsPerFile = 12, seed = 1 } = {}) {
  const next = random(seed);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'test'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'bench-project', private: true, jest: { testEnvironment: 'node' } }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'src', 'util.js'), UTIL);
  for (let s = 0; s < sources; s++) fs.writeFileSync(path.join(dir, 'src', `m${s}.js`), sourceModule(s));
  for (let t = 0; t < testFiles; t++) fs.writeFileSync(path.join(dir, 'test', `t${t}.test.js`), testFile(t, sources, testsPerFile, next));
  return { testFiles, tests: testFiles * testsPerFile };
}

module.exports = { generateProject };
