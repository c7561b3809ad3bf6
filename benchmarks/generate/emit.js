'use strict';
/**
 * Line model shared by the templates. Every generated line has a JS spelling (CommonJS) and a TS spelling
 * (ES modules, annotations); a template emits the same number of lines in both, so a line number means
 * the same line in the `.ts` file and in its JS twin, which is what the generator executes. A line can be
 * tagged as an edit candidate: `{ kind, search, replacement }`, applied as `text.replace(search, replacement)`.
 */
const path = require('node:path');

function line(js, ts = js, edits) {
  return edits ? { js, ts, edits } : { js, ts };
}

/** Normalizes a template's line list: plain strings are the same in both languages. */
function lines(items) {
  return items.map((item) => (typeof item === 'string' ? line(item) : item));
}

/** A language-neutral line that is an edit candidate of `kind`. */
function edit(text, kind, search, replacement) {
  if (!text.includes(search) || search === replacement) throw new Error(`bad edit candidate for: ${text}`);
  return line(text, text, [{ kind, search, replacement }]);
}

function paramList(params, lang) {
  return params
    .map(([name, type, initial]) => `${name}${lang === 'ts' ? `: ${type}` : ''}${initial === undefined ? '' : ` = ${initial}`}`)
    .join(', ');
}

/** `function name(a, b) {` / `async name(a: number): Promise<number> {` (a method when `method`). */
function signature({ indent = '', name, params, returns, async = false, method = false }) {
  const head = (lang) => `${indent}${async ? 'async ' : ''}${method ? '' : 'function '}${name}(${paramList(params, lang)})`;
  return line(`${head('js')} {`, `${head('ts')}: ${async ? `Promise<${returns}>` : returns} {`);
}

function constructorLine(indent, params) {
  return line(`${indent}constructor(${paramList(params, 'js')}) {`, `${indent}constructor(${paramList(params, 'ts')}) {`);
}

function field(indent, name, type) {
  return line(`${indent}${name};`, `${indent}${name}: ${type};`);
}

function importNamespace(name, spec) {
  return line(`const ${name} = require('${spec}');`, `import * as ${name} from '${spec}';`);
}

function importJson(name, spec) {
  return line(`const ${name} = require('${spec}');`, `import ${name} from '${spec}';`);
}

function exportNames(names) {
  return line(`module.exports = { ${names.join(', ')} };`, `export { ${names.join(', ')} };`);
}

/** A one-line record type: a JSDoc typedef in JS, an interface in TS. */
function typedef(name, fields) {
  const js = fields.map(([key, type]) => `${key}: ${type}`).join(', ');
  const ts = fields.map(([key, type]) => `${key}: ${type};`).join(' ');
  return line(`/** @typedef {{ ${js} }} ${name} */`, `interface ${name} { ${ts} }`);
}

/** `const name = value;`, annotated in TS when a type is given. */
function constant(name, value, type) {
  return line(`const ${name} = ${value};`, type ? `const ${name}: ${type} = ${value};` : `const ${name} = ${value};`);
}

/** Import specifier from one project file (no extension) to another. */
function specifier(from, to) {
  const relative = path.posix.relative(path.posix.dirname(from), to);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** JavaScript literal of a value produced by a generated function (or an argument). */
function literal(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value).map((key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}: ${literal(value[key])}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  throw new Error(`cannot write a literal for ${typeof value}`);
}

const capitalize = (word) => word[0].toUpperCase() + word.slice(1);

/** File text of a line list in `lang` ('js' | 'ts'). */
function render(items, lang) {
  return `${items.map((item) => item[lang]).join('\n')}\n`;
}

module.exports = {
  line,
  lines,
  edit,
  signature,
  constructorLine,
  field,
  importNamespace,
  importJson,
  exportNames,
  typedef,
  constant,
  specifier,
  quote,
  literal,
  capitalize,
  render,
};
