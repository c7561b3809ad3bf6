'use strict';
/**
 * `src/features/<area>/`: the leaf modules, the bulk of a project. Each combines three function templates
 * (if/else chains, loops, a switch, ternaries, a while loop, an object result) over number- and
 * string-valued calls into its 1-2 services and core, plus module-level constants; some also keep an
 * exported legacy function that no test calls. Functions calling an async service are async.
 */
const { line, lines, edit, signature: fn, importNamespace, exportNames, typedef, specifier, capitalize } = require('./emit');
const { CORE_NAMES } = require('./core');

const num = (name) => [name, 'number'];
const arr = (name) => [name, 'number[]'];
const str = (name) => [name, 'string'];
const CODES = ['ab-12', 'XY-7', 'bad code', ' cd-305 ', 'QQ-99999', 'zz-1'];

function modes(ctx) {
  const { rnd } = ctx;
  const name = rnd.pick(['priceFor', 'costOf', 'chargeFor', 'feeFor']);
  const choices = rnd.pick([['express', 'pickup', 'standard'], ['priority', 'economy', 'regular'], ['gift', 'bulk', 'retail'], ['member', 'guest', 'partner']]);
  const [first, second, third] = choices;
  const [fee, rate, credit] = [`${first.toUpperCase()}_FEE`, `${second.toUpperCase()}_RATE`, `${third.toUpperCase()}_CREDIT`];
  const op = ctx.num();
  return {
    constants: [`const ${fee} = ${rnd.int(3, 15)};`, `const ${rate} = ${rnd.pick([0.75, 0.8, 0.85, 0.9])};`, `const ${credit} = ${rnd.int(1, 5)};`],
    body: [
      fn({ name, params: [num('quantity'), str('mode')], returns: 'number', async: op.async }),
      `  let total = ${ctx.call(op, 'quantity')};`,
      `  if (mode === '${first}') {`,
      edit(`    total += ${fee};`, 'feature-branch', `${fee};`, `${fee} * 2;`),
      `  } else if (mode === '${second}') {`,
      `    total = math.round(total * ${rate});`,
      '  } else {',
      `    total -= ${credit};`,
      '  }',
      '  return math.round(total);',
      '}',
    ],
    callable: { fn: name, async: op.async, make: (r, k) => ({ args: [r.int(1, 150), choices[k % 3]] }) },
  };
}

function caps(ctx) {
  const { rnd } = ctx;
  const name = rnd.pick(['adjustAll', 'normalizeAll', 'boundedValues', 'limitEach']);
  const limit = rnd.int(30, 90);
  const op = ctx.num();
  return {
    constants: [`const VALUE_LIMIT = ${limit};`],
    body: [
      fn({ name, params: [arr('values')], returns: 'number[]', async: op.async }),
      line('  const results = [];', '  const results: number[] = [];'),
      '  for (const value of values) {',
      '    if (value > VALUE_LIMIT) {',
      edit('      results.push(VALUE_LIMIT);', 'feature-branch', '(VALUE_LIMIT)', '(VALUE_LIMIT - 1)'),
      '    } else {',
      `      results.push(${ctx.call(op, 'value')});`,
      '    }',
      '  }',
      '  return results;',
      '}',
    ],
    callable: { fn: name, async: op.async, make: (r) => ({ args: [r.ints(r.int(2, 4), 0, Math.round(limit * 1.5))] }) },
  };
}

function labels(ctx) {
  const { rnd } = ctx;
  const name = rnd.pick(['labelFor', 'captionFor', 'summaryLine', 'displayText']);
  const codes = rnd.pick([['gift', 'bulk', 'sample'], ['new', 'used', 'refurbished'], ['daily', 'weekly', 'monthly'], ['red', 'green', 'blue']]);
  const [amountOp, textOp] = [ctx.num(), ctx.str()];
  const async = amountOp.async || textOp.async;
  return {
    constants: [`const LABEL_FACTOR = ${rnd.int(2, 9)};`, `const ITEM_NOUN = '${rnd.pick(['item', 'parcel', 'seat', 'ticket', 'unit'])}';`],
    body: [
      fn({ name, params: [str('code'), num('amount')], returns: 'string', async }),
      '  switch (code) {',
      `    case '${codes[0]}':`,
      `      return format.money(${ctx.call(amountOp, 'amount')});`,
      `    case '${codes[1]}':`,
      `      return ${ctx.call(textOp, 'amount')};`,
      `    case '${codes[2]}':`,
      edit(`      return format.label('${codes[2]}', amount * LABEL_FACTOR);`, 'feature-branch', '* LABEL_FACTOR', '* LABEL_FACTOR + 1'),
      '    default:',
      '      return format.plural(amount, ITEM_NOUN);',
      '  }',
      '}',
    ],
    callable: { fn: name, async, make: (r, k) => ({ args: [[...codes, 'other'][k % 4], r.int(0, 2500)] }) },
  };
}

function summary(ctx) {
  const { rnd } = ctx;
  const name = rnd.pick(['summarize', 'overview', 'digest', 'rollup']);
  const type = `${capitalize(name)}Result`;
  const op = ctx.num();
  return {
    constants: [`const TOP_COUNT = ${rnd.int(2, 3)};`, `const HIGH_TOTAL = ${rnd.int(150, 300)};`],
    types: [typedef(type, [num('total'), arr('top'), str('level'), num('score')])],
    body: [
      fn({ name, params: [arr('values')], returns: type, async: op.async }),
      '  const total = math.sum(values);',
      '  const top = collections.topN(values, TOP_COUNT);',
      "  const level = total > HIGH_TOTAL ? 'high' : total > HIGH_TOTAL / 2 ? 'medium' : 'low';",
      `  const score = ${ctx.call(op, 'total')};`,
      '  return { total, top, level, score };',
      '}',
    ],
    callable: { fn: name, async: op.async, make: (r) => ({ args: [r.ints(r.int(2, 5), 0, 120)] }) },
  };
}

function steps(ctx) {
  const { rnd } = ctx;
  const name = rnd.pick(['stepsTo', 'roundsUntil', 'attemptsFor', 'cyclesTo']);
  const op = ctx.num();
  return {
    constants: [`const START_VALUE = ${rnd.int(0, 10)};`, `const MAX_STEPS = ${rnd.int(12, 30)};`, `const STEP_SIZE = ${rnd.int(5, 25)};`],
    body: [
      fn({ name, params: [num('target')], returns: 'number', async: op.async }),
      '  let value = START_VALUE;',
      '  let steps = 0;',
      '  while (value < target && steps < MAX_STEPS) {',
      `    value += (Math.abs(${ctx.call(op, 'steps')}) % STEP_SIZE) + 1;`,
      '    steps++;',
      '  }',
      '  return steps;',
      '}',
    ],
    callable: { fn: name, async: op.async, make: (r) => ({ args: [r.int(0, 220)] }) },
  };
}

function codes(ctx) {
  const { rnd } = ctx;
  const name = rnd.pick(['codeLine', 'formatCode', 'ticketLabel', 'skuLine']);
  const op = ctx.str();
  return {
    constants: [`const BULK_QUANTITY = ${rnd.int(20, 60)};`],
    body: [
      fn({ name, params: [str('code'), num('quantity')], returns: 'string', async: op.async }),
      '  const normalized = validate.normalizeCode(code);',
      '  const status = validate.quantityStatus(quantity);',
      "  if (status !== 'ok') {",
      '    return `${normalized} (${status})`;',
      '  }',
      `  const detail = ${ctx.call(op, 'quantity')};`,
      '  return quantity > BULK_QUANTITY ? `${normalized} x${quantity} bulk: ${detail}` : `${normalized} x${quantity}: ${detail}`;',
      '}',
    ],
    callable: { fn: name, async: op.async, make: (r, k) => ({ args: [CODES[k % CODES.length], r.pick([0, 1, 3, 12, 48, 75, 600, 2.5])] }) },
  };
}

function legacy(ctx) {
  const { rnd } = ctx;
  const name = `legacy${rnd.pick(['Total', 'Discount', 'Score', 'Limit'])}`;
  return {
    constants: [`const LEGACY_FACTOR = ${rnd.pick([1.1, 1.25, 1.5])};`, `const LEGACY_CAP = ${rnd.int(100, 400)};`],
    body: [
      fn({ name, params: [num('value')], returns: 'number' }),
      '  // kept for the previous checkout flow; nothing calls it any more',
      edit('  const adjusted = value * LEGACY_FACTOR;', 'untested', 'LEGACY_FACTOR;', 'LEGACY_FACTOR * 2;'),
      '  return adjusted > LEGACY_CAP ? LEGACY_CAP : adjusted;',
      '}',
    ],
    callable: null,
  };
}

const TEMPLATES = [modes, caps, labels, summary, steps, codes];

/** Number- and string-valued calls into core, for features (and as a fallback source). */
function coreApi(rnd) {
  const [k, a, b] = [rnd.int(2, 9), rnd.int(5, 95), rnd.int(5, 95)];
  const word = rnd.pick(['order', 'item', 'visit', 'point']);
  return {
    setup: [],
    num: [(x) => `math.scale(${x}, ${k})`, (x) => `math.percentOf(${x}, ${a + b})`, (x) => `collections.spread([${x}, ${a}, ${b}])`],
    str: [(x) => `format.money(${x})`, (x) => `text.truncate(format.label('${word}', ${x}), ${k + 10})`, (x) => `format.plural(${x}, '${word}')`],
  };
}

/**
 * Feature `index` in `area`, calling `services` (1-2). Returns the module and its tested callables.
 */
function buildFeature(index, area, services, rnd) {
  const word = rnd.pick(['rules', 'totals', 'summary', 'policy', 'labels', 'limits', 'scores', 'steps', 'plan', 'review']);
  const name = `${area}${capitalize(word)}${index + 1}`;
  const file = `src/features/${area}/${name}`;
  const sources = [...services.map((service) => ({ service, api: service.featureApi(rnd), used: false })), { service: null, api: coreApi(rnd), used: false }];
  let turn = 0;
  const take = (type) => {
    const source = sources[turn++ % sources.length];
    source.used = true;
    return { expr: rnd.pick(source.api[type]), async: Boolean(source.api.async) };
  };
  const ctx = { rnd, num: () => take('num'), str: () => take('str'), call: (op, x) => `${op.async ? 'await ' : ''}${op.expr(x)}` };

  const parts = rnd.shuffle(TEMPLATES).slice(0, 3).map((template) => template(ctx));
  if (rnd.chance(0.4)) parts.push(legacy(ctx));

  const code = parts.flatMap((part) => part.body.map((item) => (typeof item === 'string' ? item : item.js))).join('\n');
  const coreUsed = CORE_NAMES.filter((core) => new RegExp(`\\b${core}\\.`).test(code));
  const servicesUsed = sources.filter((source) => source.used && source.service).map((source) => source.service);
  const types = parts.flatMap((part) => part.types || []);
  const body = [
    `// ${capitalize(area)} ${word}: feature ${index + 1}.`,
    ...coreUsed.map((core) => importNamespace(core, specifier(file, `src/core/${core}`))),
    ...servicesUsed.map((service) => importNamespace(service.name, specifier(file, service.file))),
    '',
    ...parts.flatMap((part) => part.constants),
    ...sources.filter((source) => source.used).flatMap((source) => source.api.setup),
    '',
    ...(types.length ? [...types, ''] : []),
    ...parts.flatMap((part) => [...part.body, '']),
    exportNames(parts.map((part) => part.body[0].js.match(/function (\w+)/)[1])),
  ];
  return {
    file,
    name,
    area,
    word,
    index,
    layer: 'feature',
    title: `${area} ${word} ${index + 1}`,
    lines: lines(body),
    imports: [...coreUsed.map((core) => `src/core/${core}`), ...servicesUsed.map((service) => service.file)],
    services: servicesUsed,
    callables: parts.filter((part) => part.callable).map((part) => ({ ...part.callable, module: file, ns: name })),
  };
}

module.exports = { buildFeature };
