'use strict';
/**
 * `src/services/`: mid-layer modules built on core. Five kinds: pricing (a class), scoring (functions with
 * a switch), repository (a class with async methods), messages (template strings), rates (functions
 * reading a JSON fixture in `src/data/`). Each service also tells features how to call it (`featureApi`:
 * number- and string-valued expressions, maybe async, plus module-level setup such as an instance) and
 * tests how to call it directly (`callables`).
 */
const { line, lines, edit, signature: fn, constructorLine, field, importNamespace, importJson, exportNames, typedef, constant, capitalize } = require('./emit');

const num = (name) => [name, 'number'];
const arr = (name) => [name, 'number[]'];
const str = (name) => [name, 'string'];
const method = (name, params, returns, async = false) => fn({ indent: '  ', method: true, name, params, returns, async });
const core = (...names) => names.map((name) => importNamespace(name, `../core/${name}`));
const round2 = (value) => Math.round(value * 100) / 100;

const KINDS = ['pricing', 'scoring', 'repository', 'messages', 'pricing', 'rates', 'scoring', 'messages'];
const WORDS = {
  pricing: ['pricing', 'tariffs', 'quotes'],
  scoring: ['scoring', 'ratings', 'ranking'],
  repository: ['orders', 'accounts', 'shipments'],
  messages: ['messages', 'notices', 'alerts'],
  rates: ['rates', 'taxes', 'fx'],
};
const REGIONS = ['north', 'south', 'east', 'west'];
const NAMES = ['ada', 'grace hopper', 'alan', 'margaret hamilton', 'katherine johnson', ''];

function pricing(name, area, rnd) {
  const cls = `${capitalize(name)}Service`;
  const baseFee = rnd.int(3, 12);
  const threshold = rnd.pick([10, 20, 25, 50]);
  const largeRate = rnd.pick([0.9, 0.95, 0.97]);
  const body = [
    `// Pricing rules for ${area} orders.`,
    ...core('math', 'format', 'validate'),
    '',
    edit(`const BASE_FEE = ${baseFee};`, 'service-constant', `= ${baseFee};`, `= ${baseFee + 1};`),
    `const BULK_THRESHOLD = ${threshold};`,
    `const BULK_DISCOUNT = ${rnd.pick([0.05, 0.1, 0.15, 0.2])};`,
    `const LARGE_ORDER = ${rnd.pick([500, 800, 1000, 1500])};`,
    '',
    `class ${cls} {`,
    field('  ', 'rate', 'number'),
    '',
    constructorLine('  ', [num('rate')]),
    '    this.rate = rate;',
    '  }',
    '',
    method('unitPrice', [num('quantity')], 'number'),
    edit('    // bulk orders get a discount before rounding', 'comment', 'before rounding', 'before rounding (see the pricing policy)'),
    '    const discount = quantity >= BULK_THRESHOLD ? BULK_DISCOUNT : 0;',
    '    return math.round(this.rate * (1 - discount));',
    '  }',
    '',
    method('quote', [num('quantity')], 'number'),
    '    const units = validate.clampQuantity(quantity);',
    '    const subtotal = math.scale(this.unitPrice(units), units);',
    '    if (subtotal > LARGE_ORDER) {',
    edit(`      return math.round(subtotal * ${largeRate} + BASE_FEE);`, 'service-method', `* ${largeRate}`, `* ${round2(largeRate - 0.02)}`),
    '    }',
    edit('    return math.round(subtotal + BASE_FEE);', 'service-method', 'subtotal + BASE_FEE', 'subtotal + BASE_FEE + 1'),
    '  }',
    '',
    method('describe', [num('quantity')], 'string'),
    '    const total = this.quote(quantity);',
    "    return `${format.plural(quantity, 'unit')} for ${format.money(total)}`;",
    '  }',
    '}',
    '',
    fn({ name: 'tierFor', params: [num('quantity')], returns: 'string' }),
    '  switch (validate.quantityStatus(quantity)) {',
    "    case 'invalid':",
    "    case 'too-small':",
    "      return 'none';",
    "    case 'too-large':",
    "      return 'wholesale';",
    '    default:',
    "      return quantity >= BULK_THRESHOLD ? 'bulk' : 'retail';",
    '  }',
    '}',
    '',
    exportNames(['BASE_FEE', cls, 'tierFor']),
  ];
  const rates = [2, 3, 4.5, 6, 7.25, 9];
  return {
    body,
    uses: ['math', 'format', 'validate'],
    featureApi(r) {
      const client = `${name}Client`;
      const rate = r.pick(rates);
      return {
        setup: [line(`const ${client} = new ${name}.${cls}(${rate});`, `const ${client}: ${name}.${cls} = new ${name}.${cls}(${rate});`)],
        num: [(x) => `${client}.quote(${x})`, (x) => `${client}.unitPrice(${x})`],
        str: [(x) => `${client}.describe(${x})`, (x) => `${name}.tierFor(${x})`],
      };
    },
    callables: [
      { ctor: cls, fn: 'quote', make: (r) => ({ ctorArgs: [r.pick(rates)], args: [r.int(0, 700)] }) },
      { ctor: cls, fn: 'unitPrice', make: (r) => ({ ctorArgs: [r.pick(rates)], args: [r.int(1, 60)] }) },
      { ctor: cls, fn: 'describe', make: (r) => ({ ctorArgs: [r.pick(rates)], args: [r.int(1, 400)] }) },
      { fn: 'tierFor', make: (r, k) => ({ args: [[0, 1, 7, threshold, 120, 501, 3.5][k % 7]] }) },
    ],
  };
}

function scoring(name, area, rnd) {
  const passMark = rnd.int(40, 70);
  const body = [
    `// Scoring rules for ${area}.`,
    ...core('math', 'collections'),
    '',
    constant('WEIGHTS', `[${rnd.ints(3, 1, 4).join(', ')}]`, 'number[]'),
    edit(`const PASS_MARK = ${passMark};`, 'service-constant', `= ${passMark};`, `= ${passMark + 5};`),
    '',
    fn({ name: 'weightedScore', params: [arr('values')], returns: 'number' }),
    '  let total = 0;',
    '  for (let i = 0; i < values.length; i++) {',
    edit('    total += values[i] * WEIGHTS[i % WEIGHTS.length];', 'service-method', '[i % WEIGHTS', '[(i + 1) % WEIGHTS'),
    '  }',
    '  return math.round(total / WEIGHTS.length);',
    '}',
    '',
    fn({ name: 'grade', params: [num('score')], returns: 'string' }),
    '  switch (Math.floor(math.clamp(score, 0, 100) / 20)) {',
    '    case 5:',
    '    case 4:',
    "      return 'A';",
    '    case 3:',
    "      return 'B';",
    '    case 2:',
    "      return 'C';",
    '    default:',
    "      return score >= PASS_MARK / 2 ? 'D' : 'F';",
    '  }',
    '}',
    '',
    fn({ name: 'passRate', params: [arr('values')], returns: 'number' }),
    '  const passed = collections.countWhere(values, PASS_MARK);',
    '  return math.percentOf(passed, values.length);',
    '}',
    '',
    fn({ name: 'ranking', params: [arr('values')], returns: 'number[]' }),
    '  const best = collections.topN(values, 3);',
    '  return best.map((value) => (value >= PASS_MARK ? value : 0));',
    '}',
    '',
    exportNames(['PASS_MARK', 'weightedScore', 'grade', 'passRate', 'ranking']),
  ];
  return {
    body,
    uses: ['math', 'collections'],
    featureApi(r) {
      const [a, b, c] = r.ints(3, 10, 90);
      return {
        setup: [],
        num: [(x) => `${name}.weightedScore([${x}, ${a}, ${b}])`, (x) => `${name}.passRate([${x}, ${a}, ${b}, ${c}])`],
        str: [(x) => `${name}.grade(${x})`],
      };
    },
    callables: [
      { fn: 'weightedScore', make: (r) => ({ args: [r.ints(r.int(1, 5), 0, 100)] }) },
      { fn: 'grade', make: (r) => ({ args: [r.int(-10, 120)] }) },
      { fn: 'passRate', make: (r) => ({ args: [r.ints(r.int(1, 5), 0, 100)] }) },
      { fn: 'ranking', make: (r) => ({ args: [r.ints(r.int(2, 6), 0, 100)] }) },
    ],
  };
}

function repository(name, area, rnd) {
  const cls = `${capitalize(name)}Repository`;
  const record = `${capitalize(name)}Record`;
  const body = [
    `// Asynchronous record store for ${area} (simulated I/O).`,
    ...core('math', 'collections'),
    '',
    `const PAGE_SIZE = ${rnd.int(2, 4)};`,
    `const CLOSED_EVERY = ${rnd.pick([3, 4, 5])};`,
    '',
    typedef(record, [['id', 'number'], ['amount', 'number'], ['status', 'string']]),
    '',
    `class ${cls} {`,
    field('  ', 'factor', 'number'),
    '',
    constructorLine('  ', [num('factor')]),
    '    this.factor = factor;',
    '  }',
    '',
    method('load', [num('id')], record, true),
    edit('    const base = await Promise.resolve(id * this.factor + PAGE_SIZE);', 'async', '+ PAGE_SIZE)', '+ PAGE_SIZE + 1)'),
    "    const status = base % CLOSED_EVERY === 0 ? 'closed' : 'open';",
    `    return { id, amount: math.round(base / ${rnd.pick([2, 3, 4])}), status };`,
    '  }',
    '',
    method('openTotal', [arr('ids')], 'number', true),
    '    let total = 0;',
    '    for (const id of ids) {',
    '      const record = await this.load(id);',
    "      if (record.status === 'open') {",
    edit('        total += record.amount;', 'async', 'record.amount;', 'record.amount * 2;'),
    '      }',
    '    }',
    '    return math.round(total);',
    '  }',
    '',
    method('page', [arr('ids'), num('index')], `${record}[]`, true),
    '    const pages = collections.chunk(ids, PAGE_SIZE);',
    '    const current = pages[index] ?? [];',
    '    return Promise.all(current.map((id) => this.load(id)));',
    '  }',
    '',
    method('statusOf', [num('id')], 'string', true),
    '    const record = await this.load(id);',
    '    return `${record.status} #${id}`;',
    '  }',
    '}',
    '',
    fn({ name: 'countOpen', params: [['repository', cls], arr('ids')], returns: 'number', async: true }),
    '  let count = 0;',
    '  for (const id of ids) {',
    '    const record = await repository.load(id);',
    "    count += record.status === 'open' ? 1 : 0;",
    '  }',
    '  return count;',
    '}',
    '',
    exportNames([cls, 'countOpen']),
  ];
  return {
    body,
    uses: ['math', 'collections'],
    featureApi(r) {
      const store = `${name}Store`;
      const factor = r.int(2, 9);
      const [a, b] = r.ints(2, 1, 60);
      return {
        setup: [line(`const ${store} = new ${name}.${cls}(${factor});`, `const ${store}: ${name}.${cls} = new ${name}.${cls}(${factor});`)],
        num: [(x) => `${store}.openTotal([${x}, ${x} + 1, ${x} + ${a}])`, (x) => `${name}.countOpen(${store}, [${x}, ${a}, ${b}])`],
        str: [(x) => `${store}.statusOf(${x})`],
        async: true,
      };
    },
    callables: [
      { ctor: cls, fn: 'load', async: true, make: (r) => ({ ctorArgs: [r.int(2, 9)], args: [r.int(0, 300)] }) },
      { ctor: cls, fn: 'openTotal', async: true, make: (r) => ({ ctorArgs: [r.int(2, 9)], args: [r.ints(r.int(2, 5), 0, 200)] }) },
      { ctor: cls, fn: 'page', async: true, make: (r) => ({ ctorArgs: [r.int(2, 9)], args: [r.ints(r.int(4, 9), 0, 200), r.int(0, 2)] }) },
      { ctor: cls, fn: 'statusOf', async: true, make: (r) => ({ ctorArgs: [r.int(2, 9)], args: [r.int(0, 300)] }) },
    ],
  };
}

function messages(name, area, rnd) {
  const greeting = rnd.pick(['Hello', 'Hi', 'Welcome', 'Dear']);
  const body = [
    `// User-facing messages for ${area}.`,
    ...core('format', 'text'),
    '',
    edit(`const GREETING = '${greeting}';`, 'service-constant', `'${greeting}'`, `'${greeting}!'`),
    `const MAX_NAME = ${rnd.int(8, 14)};`,
    `const NOUN = '${rnd.pick(['update', 'message', 'alert', 'notice'])}';`,
    '',
    fn({ name: 'greet', params: [str('name'), num('count')], returns: 'string' }),
    '  const short = text.truncate(text.capitalize(name), MAX_NAME);',
    '  if (count === 0) {',
    '    return `${GREETING} ${short}, nothing new`;',
    '  }',
    '  return `${GREETING} ${short}, ${format.plural(count, NOUN)}`;',
    '}',
    '',
    fn({ name: 'statusMessage', params: [str('status'), num('amount')], returns: 'string' }),
    '  switch (status) {',
    "    case 'open':",
    '      return `open: ${format.money(amount)}`;',
    "    case 'closed':",
    "      return 'closed';",
    '    default:',
    '      return `unknown (${text.slug(status)})`;',
    '  }',
    '}',
    '',
    fn({ name: 'initialsLine', params: [str('name'), num('count')], returns: 'string' }),
    '  const letters = text.initials(name);',
    '  return count > 1 ? `${letters} x${count}` : letters;',
    '}',
    '',
    exportNames(['greet', 'statusMessage', 'initialsLine']),
  ];
  return {
    body,
    uses: ['format', 'text'],
    featureApi(r) {
      const who = r.pick(NAMES);
      const limit = r.int(20, 200);
      return {
        setup: [],
        num: [(x) => `${name}.greet('${who}', ${x}).length`],
        str: [(x) => `${name}.greet('${who}', ${x})`, (x) => `${name}.statusMessage(${x} > ${limit} ? 'open' : 'closed', ${x})`],
      };
    },
    callables: [
      { fn: 'greet', make: (r) => ({ args: [r.pick(NAMES), r.int(0, 4)] }) },
      { fn: 'statusMessage', make: (r, k) => ({ args: [['open', 'closed', 'On Hold', 'lost  parcel'][k % 4], r.int(0, 3000)] }) },
      { fn: 'initialsLine', make: (r) => ({ args: [r.pick(NAMES), r.int(0, 3)] }) },
    ],
  };
}

function rates(name, area, rnd) {
  const fixture = {
    regions: Object.fromEntries(REGIONS.map((region) => [region, round2(0.6 + rnd.int(0, 80) / 100)])),
    cap: rnd.int(15, 40) * 100,
    steps: [
      { from: 0, fee: rnd.int(1, 3) },
      { from: rnd.int(50, 150), fee: rnd.int(4, 7) },
      { from: rnd.int(400, 700), fee: rnd.int(8, 12) },
    ],
  };
  const json = JSON.stringify(fixture, null, 2)
    .split('\n')
    .map((text) => {
      const match = /^ {4}"(\w+)": ([\d.]+),?$/.exec(text);
      return match ? edit(text, 'json-value', `: ${match[2]}`, `: ${round2(Number(match[2]) + 0.05)}`) : line(text);
    });
  const body = [
    `// Regional rates for ${area}, read from src/data/${name}.json.`,
    ...core('math'),
    importJson('table', `../data/${name}.json`),
    '',
    "const FALLBACK_REGION = 'north';",
    constant('REGIONS', `[${REGIONS.map((region) => `'${region}'`).join(', ')}]`, 'string[]'),
    '',
    fn({ name: 'rateFor', params: [str('region')], returns: 'number' }),
    line('  const rate = table.regions[region];', '  const rate = (table.regions as Record<string, number>)[region];'),
    '  return rate === undefined ? table.regions[FALLBACK_REGION] : rate;',
    '}',
    '',
    fn({ name: 'convert', params: [num('amount'), str('region')], returns: 'number' }),
    '  let converted = amount * rateFor(region);',
    '  if (converted > table.cap) {',
    '    converted = table.cap;',
    '  }',
    '  return math.round(converted);',
    '}',
    '',
    fn({ name: 'surcharge', params: [num('amount')], returns: 'number' }),
    '  let fee = 0;',
    '  for (const step of table.steps) {',
    '    if (amount >= step.from) {',
    '      fee = step.fee;',
    '    }',
    '  }',
    '  return fee;',
    '}',
    '',
    fn({ name: 'regionFor', params: [num('index')], returns: 'string' }),
    '  return REGIONS[Math.abs(Math.trunc(index)) % REGIONS.length];',
    '}',
    '',
    exportNames(['rateFor', 'convert', 'surcharge', 'regionFor']),
  ];
  const region = (r) => r.pick([...REGIONS, 'mars']);
  return {
    body,
    uses: ['math'],
    json: { file: `src/data/${name}.json`, lines: json },
    featureApi(r) {
      const where = r.pick(REGIONS);
      return {
        setup: [],
        num: [(x) => `${name}.convert(${x}, '${where}')`, (x) => `${name}.surcharge(${x})`],
        str: [(x) => `${name}.regionFor(${x})`],
      };
    },
    callables: [
      { fn: 'convert', make: (r) => ({ args: [r.int(0, 3000), region(r)] }) },
      { fn: 'surcharge', make: (r) => ({ args: [r.int(0, 900)] }) },
      { fn: 'rateFor', make: (r) => ({ args: [region(r)] }) },
      { fn: 'regionFor', make: (r) => ({ args: [r.int(-5, 20)] }) },
    ],
  };
}

const BUILDERS = { pricing, scoring, repository, messages, rates };

/** Service `index` (0-based): its module, optional JSON fixture, feature API and direct callables. */
function buildService(index, area, rnd) {
  const kind = KINDS[index % KINDS.length];
  const name = `${rnd.pick(WORDS[kind])}${index + 1}`;
  const file = `src/services/${name}`;
  const built = BUILDERS[kind](name, area, rnd);
  const imports = built.uses.map((use) => `src/core/${use}`);
  if (built.json) imports.push(built.json.file);
  return {
    file,
    name,
    kind,
    layer: 'service',
    title: `${name} service`,
    lines: lines(built.body),
    imports,
    json: built.json ? { file: built.json.file, layer: 'data', lines: built.json.lines, imports: [] } : null,
    featureApi: built.featureApi,
    callables: built.callables.map((callable) => ({ ...callable, module: file, ns: name, async: Boolean(callable.async) })),
  };
}

module.exports = { buildService };
