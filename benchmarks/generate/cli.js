'use strict';
/**
 * Command lines: `bin/<name>.js` requiring a CLI-only module `src/cli/<name>.js`, and a test file
 * `test/cli/<name>.test.{js,ts}` whose tests start `node bin/<name>.js ARGS` and assert the exact stdout.
 * No in-process test requires the module, so its lines run in child processes only. Both files are plain
 * CommonJS in either language (`.cjs` in a TS project: Node runs them without a transform). `main(argv)`
 * returns the whole stdout, which is how the generator computes the expected output in-process; each test
 * takes one branch (help, text, json, csv), so an edit inside one fails only the tests that run it.
 */
const { line, lines, edit, quote, literal, capitalize } = require('./emit');

const CLI_SHARE = 0.01;
const CLI_TESTS = 4;
const WORDS = ['report', 'totals', 'summary', 'stats'];
const UNITS = ['parcel', 'item', 'order', 'seat', 'ticket'];

/** About 1% of the test files, at least one. */
function cliFileCount(testFiles) {
  return Math.max(1, Math.round(testFiles * CLI_SHARE));
}

/** `src/cli/<name>.js`: option parsing, help text and three output formats; edit candidates in branches. */
function cliBody(command, unit, decimals) {
  return [
    "'use strict';",
    `// Command line of ${command} (bin/): option parsing, help text and output formats. Only the bin uses it.`,
    `const COMMAND = '${command}';`,
    `const UNIT = '${unit}';`,
    `const DECIMALS = ${decimals};`,
    "const FORMATS = ['text', 'json', 'csv'];",
    '',
    'function helpText() {',
    '  return [',
    "    'Usage: ' + COMMAND + ' [--format text|json|csv] [--limit N] VALUE...',",
    "    '',",
    "    'Adds up the ' + UNIT + ' values given as arguments.',",
    "    '  --format F  output format: text (default), json or csv',",
    edit("    '  --limit N   leave out values above N',", 'cli-only', 'leave out values', 'leave out the values'),
    "    '  --help      print this help',",
    "  ].join('\\n');",
    '}',
    '',
    'function parseArgs(argv) {',
    "  const options = { help: false, format: 'text', limit: Infinity, values: [] };",
    '  for (let i = 0; i < argv.length; i++) {',
    "    if (argv[i] === '--help') {",
    '      options.help = true;',
    "    } else if (argv[i] === '--format') {",
    '      options.format = argv[++i];',
    "    } else if (argv[i] === '--limit') {",
    '      options.limit = Number(argv[++i]);',
    '    } else {',
    '      options.values.push(Number(argv[i]));',
    '    }',
    '  }',
    '  return options;',
    '}',
    '',
    'function summarize(values, limit) {',
    '  const kept = values.filter((value) => value <= limit);',
    '  let total = 0;',
    '  for (const value of kept) {',
    '    total += value;',
    '  }',
    '  const largest = kept.length === 0 ? 0 : Math.max(...kept);',
    '  return { count: kept.length, skipped: values.length - kept.length, total: Number(total.toFixed(DECIMALS)), largest };',
    '}',
    '',
    'function formatOutput(summary, format) {',
    "  if (format === 'json') {",
    edit('    return JSON.stringify(summary);', 'cli-only', 'JSON.stringify(summary)', 'JSON.stringify(summary, null, 2)'),
    "  } else if (format === 'csv') {",
    edit(
      "    return 'count,skipped,total,largest\\n' + [summary.count, summary.skipped, summary.total, summary.largest].join(',');",
      'cli-only',
      ".join(',')",
      ".join(';')",
    ),
    '  }',
    edit("  const noun = summary.count === 1 ? UNIT : UNIT + 's';", 'cli-only', "UNIT + 's'", "UNIT + 'es'"),
    "  const text = summary.count + ' ' + noun + ', total ' + summary.total + ', largest ' + summary.largest;",
    edit("  return summary.skipped > 0 ? text + ' (' + summary.skipped + ' over the limit)' : text;", 'cli-only', 'over the limit', 'above the limit'),
    '}',
    '',
    'function main(argv) {',
    '  const options = parseArgs(argv);',
    '  if (options.help) {',
    "    return helpText() + '\\n';",
    '  }',
    '  if (!FORMATS.includes(options.format)) {',
    "    return 'unknown format: ' + options.format + '\\n';",
    '  }',
    "  return formatOutput(summarize(options.values, options.limit), options.format) + '\\n';",
    '}',
    '',
    'module.exports = { helpText, parseArgs, summarize, formatOutput, main };',
  ];
}

/** Path of a plain-JS project file (`file` without extension) in `lang`: `.cjs` in a TS project. */
function plainPath(file, lang) {
  return `${file}.${lang === 'ts' ? 'cjs' : 'js'}`;
}

/** `bin/<name>.js|.cjs`: what a user runs; prints `main`'s output. */
function binText(cli, lang) {
  const target = lang === 'ts' ? `../src/cli/${cli.name}.cjs` : `../src/cli/${cli.name}`;
  return [
    '#!/usr/bin/env node',
    "'use strict';",
    `// ${cli.command}: adds up the values given as arguments (see src/cli/${cli.name}).`,
    `const cli = require('${target}');`,
    '',
    'process.stdout.write(cli.main(process.argv.slice(2)));',
    '',
  ].join('\n');
}

/** Argument strings of `count` values, some with cents. */
function values(rnd, count) {
  return Array.from({ length: count }, () => String(rnd.chance(0.3) ? rnd.int(100, 40000) / 100 : rnd.int(1, 400)));
}

/** The four runs of a CLI test file: help, then one per output format (csv also leaves values out). */
function runs(rnd) {
  const text = values(rnd, rnd.int(3, 5));
  const json = values(rnd, rnd.int(2, 4));
  const csv = values(rnd, rnd.int(3, 5));
  const limit = String(rnd.int(50, 250));
  return [
    { title: '--help prints the usage', argv: ['--help'] },
    { title: `adds up ${text.join(' ')} as text`, argv: text },
    { title: `--format json ${json.join(' ')}`, argv: ['--format', 'json', ...json] },
    { title: `--format csv --limit ${limit} ${csv.join(' ')}`, argv: ['--format', 'csv', '--limit', limit, ...csv] },
  ];
}

/**
 * CLI `index` of `area` (consumes `rnd`): `{ name, command, module, plan }`. `module` is a project module
 * (`layer: 'cli'`, `plainJs`: `.cjs` in TS); `plan` a test file plan (`kind: 'cli'`) whose cases call
 * `main(argv)` of the module.
 */
function buildCli(index, area, rnd) {
  const word = rnd.pick(WORDS);
  const suffix = index < 12 ? '' : String(index + 1);
  const name = `${area}${capitalize(word)}${suffix}`;
  const command = `${area}-${word}${suffix}`;
  const file = `src/cli/${name}`;
  const module = { file, name, layer: 'cli', plainJs: true, lines: lines(cliBody(command, rnd.pick(UNITS), rnd.pick([1, 2]))), imports: [] };
  const testFile = `test/cli/${name}.test`;
  const title = `${command} command line`;
  const cases = runs(rnd).map((run) => ({
    module: file,
    ns: name,
    fn: 'main',
    ctor: null,
    ctorArgs: null,
    async: false,
    args: [run.argv],
    argv: run.argv,
    title: run.title,
    titles: [title, run.title],
    file: testFile,
    runtime: 'child process',
  }));
  return { name, command, module, plan: { kind: 'cli', file: testFile, cli: { name, command }, describes: [{ title, cases }] } };
}

/** Lines of a CLI test file; `expected(testCase)` gives `{ value }` (the whole stdout). */
function renderCliTestFile(plan, expected, lang) {
  const bin = plainPath(`bin/${plan.cli.name}`, lang);
  const [describe] = plan.describes;
  const out = [
    line("const { execFileSync } = require('child_process');", "import { execFileSync } from 'child_process';"),
    line("const path = require('path');", "import { join } from 'path';"),
    '',
    `// ${plan.cli.command} runs as a user starts it, in a child process: node ${bin} ARGS.`,
    line("const ROOT = path.join(__dirname, '..', '..');", "const ROOT = join(__dirname, '..', '..');"),
    '',
    line('function run(args) {', 'function run(args: string[]): string {'),
    `  return execFileSync(process.execPath, [${quote(bin)}, ...args], { cwd: ROOT, encoding: 'utf8' });`,
    '}',
    '',
    `describe(${quote(describe.title)}, () => {`,
  ];
  describe.cases.forEach((testCase, index) => {
    if (index > 0) out.push('');
    out.push(`  test(${quote(testCase.title)}, () => {`);
    out.push(`    expect(run(${literal(testCase.argv)})).toBe(${literal(expected(testCase).value)});`);
    out.push('  });');
  });
  out.push('});');
  return lines(out);
}

module.exports = { CLI_TESTS, cliFileCount, buildCli, binText, plainPath, renderCliTestFile };
